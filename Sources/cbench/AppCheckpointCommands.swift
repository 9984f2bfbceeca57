import AppContainers
import ArgumentParser
import Checkpoints
import Foundation
import NamespaceCore

/// `cbench app checkpoint` / `restore`, after podman's `container checkpoint` / `restore`.
enum AppCheckpointCommands {
    static let all: [ParsableCommand.Type] = [AppCheckpoint.self, AppRestore.self, AppMigrate.self]
}

struct AppCheckpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Checkpoint a running container with CRIU.",
        discussion: "The checkpoint is kept with the container (restore brings it back under its name, address and volumes); --export also writes it, with the container's changed files, to a tar.gz for restore --import.")
    @Option(name: .shortAndLong, help: "Also write the checkpoint to this tar.gz.") var export: String?
    @Flag(name: .shortAndLong, help: "Leave the container running after the checkpoint.") var leaveRunning = false
    @Flag(name: .long, help: "Checkpoint established TCP connections.") var tcpEstablished = false
    @Flag(name: .long, help: "Print CRIU's statistics of the dump (JSON) instead of the name.") var printStats = false
    @Argument(help: "Container name or ID.") var container: String

    func run() throws {
        let options = AppCheckpointOptions(export: export, leaveRunning: leaveRunning, tcpEstablished: tcpEstablished)
        let report = try AppContainerCommands.runtime().checkpoint(container, options: options)
        guard printStats else { return print(container) }
        try AppCheckpointStatisticsOutput.print(report.statistics)
    }
}

struct AppRestore: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a checkpointed container.")
    @Option(name: .shortAndLong, help: "Restore from a tar.gz written by checkpoint --export (a new container).") var `import`: String?
    @Option(name: .shortAndLong, help: "With --import: the new container's name.") var name: String?
    @Flag(name: .long, help: "Restore established TCP connections.") var tcpEstablished = false
    @Flag(name: .shortAndLong, help: "Keep the checkpoint after the restore.") var keep = false
    @Option(name: .long, help: "With --import: post-copy from the source's lazy page server at ADDRESS:PORT (connected to at once, before the import; cbench app migrate --strategy post-copy gives it).")
    var lazyPagesFrom: String?
    @Flag(name: .long, help: "With --import: start a criu page-server into the checkpoint before reading the archive, say 'pages PORT' on stdout, and take the source's dump's pages from it (cbench app migrate's stop-and-copy gives it).")
    var receivePages = false
    @Flag(name: .long, help: "The tree runs before its memory is read back: a criu lazy-pages daemon fills it from the images here, and the restore ends once every page is in.")
    var lazyRestore = false
    @Flag(name: .long, help: "With --receive-pages (cbench app migrate's pre-copy gives it): first take the source's request lines from the stream, receiving each pre-dump's pages through a page server of its own ('pages PORT', then 'pre-dumped N'), until 'dump after N'; the final dump builds on the last pre-dump, and the restore reads the pages through them.")
    var preCopy = false
    @Flag(name: .long, help: "With --import from a stream: its first line is the container's record (cbench app migrate sends it before the source freezes); the container and its restore are prepared from it (cgroup, network namespace, CRIU, the monitor's launcher) and 'prepared' is said on stdout before the archive is read.")
    var prepare = false
    @Flag(name: .long, help: "Print CRIU's statistics of the restore (JSON) instead of the name.") var printStats = false
    @Flag(name: .long, help: "Print the restore's parts (the import, the bring-up until the tree runs, post-copy's wait for the last page; monotonic ns) and CRIU's statistics as one line of JSON instead of the name.")
    var json = false
    @Argument(help: "Checkpointed container name or ID (not with --import).") var container: String?

    func run() throws {
        if lazyPagesFrom != nil && `import` == nil { throw ValidationError("--lazy-pages-from goes with --import") }
        if json && printStats { throw ValidationError("--json already holds what --print-stats prints: give one") }
        if receivePages && `import` == nil { throw ValidationError("--receive-pages goes with --import") }
        if lazyRestore && lazyPagesFrom != nil { throw ValidationError("--lazy-pages-from restores lazily already; --lazy-restore is for the images here") }
        if prepare && `import` == nil { throw ValidationError("--prepare goes with --import") }
        if preCopy && !receivePages { throw ValidationError("--pre-copy goes with --receive-pages") }
        if preCopy && lazyRestore { throw ValidationError("--pre-copy restores through the pre-dumps, not lazily: drop --lazy-restore") }
        // The source listens before it starts us and hands what we connect to its lazy dump.
        let source = try lazyPagesFrom.map { text throws in
            let address = try PageServerAddress(parsing: text)
            return AppLazyPageSource(address: address,
                                     connection: try PageServerConnection.connect(to: address, stage: "restore: the source's page server"))
        }
        let options = AppRestoreOptions(importPath: `import`, name: name, tcpEstablished: tcpEstablished, keep: keep, lazyPagesFrom: source,
                                        receivePages: receivePages, lazyRestore: lazyRestore, prepare: prepare, preCopy: preCopy)
        var parts: [Phase] = []
        let say = { (line: String) throws in try StdoutLine.say(line, stage: "restore: say '\(line.dropLast())'") }
        let report = try AppContainerCommands.runtime().restoreReporting(container, options: options, say: say) { parts.append($0) }
        if json {
            print(String(decoding: try JSONEncoder().encode(AppRestoreSummary(parts: parts, statistics: report.statistics)), as: UTF8.self))
        } else if printStats {
            try AppCheckpointStatisticsOutput.print(report.statistics)
        } else {
            print(report.record.name)
        }
    }
}

/// `--print-stats`, as podman's: CRIU's statistics (`CheckpointStatistics`, microseconds as
/// CRIU writes them) on one line of JSON, which a harness on another host reads back.
enum AppCheckpointStatisticsOutput {
    static func print(_ statistics: CheckpointStatistics) throws {
        Swift.print(String(decoding: try JSONEncoder().encode(statistics), as: UTF8.self))
    }
}
