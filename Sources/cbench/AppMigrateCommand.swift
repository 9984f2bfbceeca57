import AppContainers
import ArgumentParser
import Checkpoints
import Foundation
import Hosts
import NamespaceCore
import SystemContainers

/// `cbench app migrate NAME --to HOST [--strategy]`: a running container moved to another host
/// that runs cbench (a lab host), keeping its name and address (`AppMigration`). The JSON is
/// `cbench system migrate --json`'s, so a harness on another host reads both alike.
struct AppMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Move a running container to another host that runs cbench (a lab host), keeping its name and address.",
        discussion: "Stop-and-copy: checkpoint here, the checkpoint streamed through ssh into `cbench app restore --import` there, and the container here removed once it runs there. Post-copy: the same without the memory, which the destination pulls from a page server here while the container already runs there. Pre-copy (kernels with soft-dirty tracking): pre-dumps while the container runs, each sending its pages to a page server there, until few pages changed; then the stop-and-copy with only what changed since. A failure after the checkpoint removes what the destination made and brings the container back here.")
    @Argument(help: "Container name or ID.") var container: String
    @Option(name: .long, help: "The destination: a lab host (lab2) or any ssh destination where cbench is on PATH.") var to: String
    @Option(name: .long, help: "stop-and-copy, post-copy (the memory follows from a page server here while the container runs there) or pre-copy (needs soft-dirty tracking).")
    var strategy = MigrationStrategy.stopAndCopy.rawValue
    @Flag(name: .long, help: "Keep established TCP connections.") var tcpEstablished = false
    @Flag(name: .long, help: "Print the migration's steps (monotonic ns), bytes and CRIU's frozen time as JSON instead of the sentence.")
    var json = false
    @Option(name: .long, help: "ssh config file; default: the lab's (\(LabSSHFiles.sshConfig)) when it exists, else ssh's own.")
    var sshConfig: String?

    func run() throws {
        guard let chosen = MigrationStrategy(rawValue: strategy) else {
            throw ValidationError("--strategy \(strategy): give one of \(MigrationStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if chosen == .postCopy, let reason = PageServerPipeLimit().blocker() {
            throw CoreError(kind: .unsupported, stage: "migrate \(container) --strategy post-copy", detail: reason)
        }
        let config = sshConfig ?? (access(LabSSHFiles.sshConfig, R_OK) == 0 ? LabSSHFiles.sshConfig : nil)
        let ssh = ["ssh"] + (config.map { ["-F", $0] } ?? []) + RemoteSystemDestination.fastCiphers
        let steps = try AppMigrationToHost(runtime: AppContainerCommands.runtime(), container: container, host: to, ssh: ssh,
                                           tcpEstablished: tcpEstablished, strategy: chosen)
        let report: AppMigrationReport
        do {
            report = try AppMigration.run(steps, name: container, strategy: chosen,
                                          features: chosen == .stopAndCopy ? nil : MigrationHostCheck().features())
        } catch {
            throw CoreError(stage: "migrate \(container) to \(to)", detail: "\(error)")
        }
        if let left = report.sourceLeft {
            FileHandle.standardError.write(Data("cbench app migrate: \(container) runs on \(to), but its copy here was not removed: \(left)\n".utf8))
        }
        guard !json else {
            let summary = MigrationSummary(steps: report.phases, parts: report.parts,
                                           bytesMoved: report.bytesMoved, frozenMilliseconds: report.frozenMilliseconds, pagesWritten: nil)
            return print(String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
        }
        let total = report.phases.spanMilliseconds ?? 0
        print(String(format: "migrated %@ to %@ in %.0f ms (%llu bytes)", container, to, total, report.bytesMoved))
    }
}
