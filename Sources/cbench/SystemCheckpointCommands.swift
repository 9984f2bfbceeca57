#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import AppContainers
import Checkpoints
import Hosts
import NamespaceCore
import SystemContainers

/// `cbench system checkpoint` / `restore`, as `lxc-checkpoint -s` / `-r`: the checkpoint is
/// kept in the container's directory.
struct SystemCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Checkpoint a running container with CRIU (it stops).")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Leave the container running after the checkpoint.") var leaveRunning = false
    @Flag(name: .long, help: "Checkpoint established TCP connections.") var tcpEstablished = false

    func run() throws {
        try SystemCommand.runtime().checkpoint(name: name, leaveRunning: leaveRunning, tcpEstablished: tcpEstablished)
        print("checkpointed \(name)")
    }
}

struct SystemRestore: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a container from its checkpoint.")
    @Argument(help: "Container name.") var name: String
    @Flag(name: .long, help: "Restore established TCP connections.") var tcpEstablished = false
    @Flag(name: .shortAndLong, help: "Keep the checkpoint after the restore.") var keep = false
    @Flag(name: .long, help: "Print CRIU's statistics of the restore and its parts' times (monotonic ns) as JSON instead of the sentence.")
    var json = false
    @Option(name: .long, help: "Post-copy: run at once and pull the memory from the source's lazy page server at ADDRESS:PORT (cbench system migrate --strategy post-copy gives it).")
    var lazyPagesFrom: String?

    func run() throws {
        let runtime = SystemCommand.runtime()
        let source = try lazyPagesFrom.map { text throws(CheckpointError) in try PageServerAddress(parsing: text) }
        let restored = try runtime.restoreReporting(name: name, tcpEstablished: tcpEstablished, keep: keep, pageServer: source)
        guard json else { return print("restored \(name) (pid \(restored.record.pid))") }
        print(String(decoding: try JSONEncoder().encode(restored.outcome), as: UTF8.self))
    }
}

/// `cbench system migrate NAME --to HOST`, as `lxc move` of a running container: dump, the
/// container and its images over ssh, restore there, then the source is removed. A failure
/// after the dump restores the source here, and the error says where the container stands.
struct SystemMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Move a running container to another host that runs cbench (a lab host), keeping its address.")
    @Argument(help: "Container name.") var name: String
    @Option(name: .long, help: "The destination: a lab host (lab2) or any ssh destination where cbench is on PATH.") var to: String
    @Option(name: .long, help: "stop-and-copy, post-copy (the memory follows from a page server here while the container runs there) or pre-copy (pre-dumps send the memory to page servers there while the container runs here, then a stop-and-copy of what changed; needs soft-dirty tracking, `criu check --feature mem_dirty_track`).")
    var strategy = MigrationStrategy.stopAndCopy.rawValue
    @Flag(name: .long, help: "Print the migration's steps (monotonic ns), bytes and CRIU times as JSON instead of the sentence.")
    var json = false
    @Flag(name: .long, help: "Keep established TCP connections.") var tcpEstablished = false
    @Option(name: .long, help: "ssh config file; default: the lab's (\(LabSSHFiles.sshConfig)) when it exists, else ssh's own.")
    var sshConfig: String?

    func run() throws {
        guard let chosen = MigrationStrategy(rawValue: strategy) else {
            throw ValidationError("--strategy \(strategy): give one of \(MigrationStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if chosen == .postCopy, let reason = PageServerPipeLimit().blocker() {
            throw CoreError(kind: .unsupported, stage: "migrate \(name) --strategy post-copy", detail: reason)
        }
        // What the kernel lacks is said before anything asks the destination (its networks) or starts there.
        let features = MigrationHostCheck().features()
        if let reason = features.unsupportedReason(chosen) {
            throw CoreError(kind: .unsupported, stage: "migrate \(name) --strategy \(chosen.rawValue)", detail: reason)
        }
        let config = sshConfig ?? (access(LabSSHFiles.sshConfig, R_OK) == 0 ? LabSSHFiles.sshConfig : nil)
        let ssh = ["ssh"] + (config.map { ["-F", $0] } ?? [])
        let destination = RemoteSystemDestination(host: to, ssh: ssh, links: try destinationLinks(ssh: ssh))
        let report = try SystemCommand.runtime().migrate(name: name, to: destination, strategy: chosen,
                                                         features: features, tcpEstablished: tcpEstablished)
        if case .failed(let stage, let reason, let source) = report.outcome {
            throw CoreError(stage: "migrate \(name) to \(to): \(stage)", detail: "\(reason); the source is \(source.description)")
        }
        if json {
            return print(String(decoding: try JSONEncoder().encode(report.summary), as: UTF8.self))
        }
        let total = report.phases.spanMilliseconds ?? 0
        print(String(format: "migrated %@ to %@ in %.0f ms (%llu bytes)", name, to, total, report.bytesMoved))
    }

    /// For each veth on an app network's bridge here, the bridge of the network of that name on
    /// the destination (`cbench app network inspect` there).
    func destinationLinks(ssh: [String]) throws -> [Int: String] {
        let networks = (try? AppNetworkCommands.networkStore().list()) ?? []
        var links: [Int: String] = [:]
        for plan in try SystemCommand.runtime().store.loadConfig(of: name).vethPlans() {
            guard let network = networks.first(where: { $0.bridge == plan.bridge }) else { continue }
            let shown = try Spawn(ssh + [to, "--", "cbench", "app", "network", "inspect", network.name]).run()
            guard shown.status == 0, let bridge = shown.stdout.components(separatedBy: "\"bridge\" : \"").dropFirst().first?
                .split(separator: "\"").first.map(String.init) else {
                throw CoreError(stage: "migrate \(name) to \(to)", detail: "network \(network.name) (lxc.net.\(plan.index).link = \(plan.bridge)) is not defined there; create it there first")
            }
            links[plan.index] = bridge
        }
        return links
    }
}
