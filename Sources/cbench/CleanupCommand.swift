import ArgumentParser
import NamespaceCore

struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove everything ContainerBench left on this host.",
        discussion: """
            Each cbench-monitor and the launchers it runs, processes recorded in /run/cbench state files (only while their start time still matches) \
            or living in cbench cgroups, then mounts under /run/cbench, /var/lib/cbench and /tmp/cbench-* \
            (deepest first, detached), cgroups below each hierarchy's cbench parent and its cbench-* ones (deepest first), \
            network namespaces /run/netns/cbench-*, links named cbench*, /run/cbench itself and \
            /tmp/cbench-* paths. Nothing without `cbench` in its path or name is touched; the caches in \
            /var/lib/cbench (busybox root, CRIU tree) stay.
            """
    )

    @Flag(name: .long, help: "List what would be removed, remove nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Leak check: list leftovers, remove nothing, exit 1 if there are any.")
    var check = false

    /// How many times it removes what it finds and looks again.
    static let passes = 3

    func run() throws {
        let found = Leftovers.find()
        if dryRun || check {
            found.forEach { print("cleanup: would remove \($0.summary)") }
            print("cleanup: \(found.count) leftover\(found.count == 1 ? "" : "s")")
            if check && !found.isEmpty { throw ExitCode(1) }
            return
        }
        // A launch the monitor or a launcher had under way when they were killed may put a
        // container in place after the first pass read the host: look again, a few times.
        var removed = 0
        var remaining = found
        for _ in 0..<Self.passes where !remaining.isEmpty {
            let outcomes = Leftovers.remove(remaining, actions: SystemLeftoverActions())
            for outcome in outcomes {
                if let error = outcome.error {
                    print("cleanup: FAILED \(outcome.leftover.summary): \(error)")
                } else {
                    print("cleanup: removed \(outcome.leftover.summary)")
                }
            }
            removed += outcomes.filter { $0.error == nil }.count
            remaining = Leftovers.find()
        }
        remaining.forEach { print("cleanup: still present \($0.summary)") }
        print("cleanup: removed \(removed), \(remaining.count) left")
        if !remaining.isEmpty { throw ExitCode(1) }
    }
}
