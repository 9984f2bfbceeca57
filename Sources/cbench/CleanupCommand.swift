import ArgumentParser
import NamespaceCore

struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove everything ContainerBench left on this host.",
        discussion: """
            Processes recorded in /run/cbench state files (only while their start time still matches) \
            or living in cbench cgroups, then mounts under /run/cbench, /var/lib/cbench and /tmp/cbench-* \
            (deepest first, detached), cgroups below each hierarchy's cbench parent (deepest first), \
            network namespaces /run/netns/cbench-*, links named cbench*, /run/cbench itself and \
            /tmp/cbench-* paths. Nothing without `cbench` in its path or name is touched; the caches in \
            /var/lib/cbench (busybox root, CRIU tree) stay.
            """
    )

    @Flag(name: .long, help: "List what would be removed, remove nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Leak check: list leftovers, remove nothing, exit 1 if there are any.")
    var check = false

    func run() throws {
        let found = Leftovers.find()
        if dryRun || check {
            found.forEach { print("cleanup: would remove \($0.summary)") }
            print("cleanup: \(found.count) leftover\(found.count == 1 ? "" : "s")")
            if check && !found.isEmpty { throw ExitCode(1) }
            return
        }
        let outcomes = Leftovers.remove(found, actions: SystemLeftoverActions())
        for outcome in outcomes {
            if let error = outcome.error {
                print("cleanup: FAILED \(outcome.leftover.summary): \(error)")
            } else {
                print("cleanup: removed \(outcome.leftover.summary)")
            }
        }
        let remaining = Leftovers.find()
        remaining.forEach { print("cleanup: still present \($0.summary)") }
        print("cleanup: removed \(outcomes.filter { $0.error == nil }.count), \(remaining.count) left")
        if !remaining.isEmpty { throw ExitCode(1) }
    }
}
