#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Checkpoints
import Foundation
import NamespaceCore
import SystemContainers

/// `cbench system export NAME FILE`: a stopped container as a gzip tarball (metadata.yaml,
/// config, rootfs/), shaped as LXD images are.
struct SystemExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a stopped container to a tarball (metadata.yaml, config, rootfs/; gzip).")
    @Argument(help: "Container name.") var name: String
    @Argument(help: "The tarball to write (.tar.gz).") var file: String
    func run() throws {
        try SystemCommand.runtime().export(name: name, to: file)
        print("exported \(name) to \(file)")
    }
}

/// `cbench system import FILE NAME`: a new container from such a tarball. With `--restore`
/// (a migration's destination, one ssh session opened before the source freezes) the imported
/// container is restored from the checkpoint it carried, in the same process.
struct SystemImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Make a container from an exported tarball.")
    @Argument(help: "The tarball (from `cbench system export`, or an LXD-style image with metadata.yaml and rootfs/).")
    var file: String
    @Argument(help: "New container name.") var name: String
    @Flag(name: .long, help: "Then restore it from the checkpoint the archive carried (a migration's destination).")
    var restore = false
    @Flag(name: .long, help: "With --restore: restore established TCP connections.") var tcpEstablished = false
    @Option(name: .long, help: "With --restore: post-copy from the source's lazy page server at ADDRESS:PORT (connected to at once, before 'ready').")
    var lazyPagesFrom: String?
    @Flag(name: .long, help: "Print 'ready' on stdout before reading the archive (the source waits for it before it freezes the container).")
    var sayReady = false
    @Flag(name: .long, help: "With --restore: print CRIU's statistics and the parts' times (monotonic ns, the import's among them) as JSON.")
    var json = false
    @Flag(name: .long, help: "The archive on /dev/stdin is a migration's stream: the root first (sent before the source froze; 'root' on stdout once it is in), then the rest with what changed in the root since.")
    var rootFirst = false
    @Flag(name: .long, help: "With --root-first: start a criu page-server into the checkpoint before saying 'root', say 'pages PORT' with it, and take the dump's pages from it.")
    var receivePages = false
    @Flag(name: .long, help: "With --restore: the tree runs before its memory is read back; a criu lazy-pages daemon fills it from the images here (where the container allows it, else a whole restore).")
    var lazyRestore = false
    @Flag(name: .long, help: "With --receive-pages: after 'root', take the source's pre-copy requests ('pre-dump N': a criu page-server into checkpoint/pre-N, 'pages PORT', then 'pre-dumped N'; 'dump after N': the final dump's page server, 'pages PORT'); restored through the pre-dumps' parent links.")
    var preCopy = false

    func validate() throws {
        if !restore && (tcpEstablished || lazyPagesFrom != nil || json || lazyRestore) {
            throw ValidationError("--tcp-established, --lazy-pages-from, --lazy-restore and --json go with --restore")
        }
        if receivePages && !rootFirst {
            throw ValidationError("--receive-pages goes with --root-first")
        }
        if preCopy && !receivePages {
            throw ValidationError("--pre-copy goes with --receive-pages")
        }
        if preCopy && (lazyRestore || lazyPagesFrom != nil) {
            throw ValidationError("--pre-copy restores through the pre-dumps' parent links: not with --lazy-restore or --lazy-pages-from")
        }
        if rootFirst && file != "/dev/stdin" {
            throw ValidationError("--root-first reads a migration's stream from /dev/stdin")
        }
    }

    func run() throws {
        let runtime = SystemCommand.runtime()
        let source = try lazyPagesFrom.map { text throws(CheckpointError) in try PageServerAddress(parsing: text) }
        // The source listens before it starts us and hands what we connect to its lazy dump's
        // CRIU; connected now, nothing of it is in the frozen window.
        var pageConnection = try source.map { address throws(CheckpointError) in
            try PageServerConnection.connect(to: address, stage: "import \(name): the source's page server")
        }
        if sayReady {
            try StdoutLine.say("ready\n", stage: "import \(name): say ready")
        }
        let begun = MonotonicClock.now()
        var received: [CheckpointManifest.ImageFile] = []
        // With the root and config in, before the source freezes: the restore's root, cgroup,
        // network namespace and CRIU, made while the source still runs. Removed if the
        // stream or the restore fails (the restore takes it over once it starts).
        var prepared: SystemRestorePreparation?
        if rootFirst {
            do {
                // Restored here at once: the images pass through the run root (not the store).
                received = try runtime.importSections(from: STDIN_FILENO, as: name, receivingPages: receivePages, preCopy: preCopy,
                                                      imagesPassThrough: restore, say: { line in
                    try StdoutLine.say(line, stage: "import \(name): say '\(line.dropLast())'")
                }) { port, configText in
                    if restore, let configText { prepared = try runtime.prepareRestore(name: name, configText: configText) }
                    try StdoutLine.say("root\n" + (port.map(PageReceiverLine.line) ?? ""), stage: "import \(name): say the root is in")
                } imagesReceived: {
                    // Post-copy: the lazy-pages daemon starts on the images while the import commits.
                    guard let prepared, source != nil else { return }
                    try prepared.startLazyPages(images: runtime.store.checkpointDirectory(of: name), source: source, connection: pageConnection)
                    if let connection = pageConnection { close(connection) }
                    pageConnection = nil
                }
            } catch {
                prepared?.discard(store: runtime.store)
                throw error
            }
        } else {
            try runtime.importArchive(from: file, as: name)
        }
        let imported = Phase(name: MigrationPhaseName.importing, start: begun, end: MonotonicClock.now())
        guard restore else { return print("imported \(name) from \(file) into \(runtime.store.directory(of: name))") }
        let lazily = lazyRestore && runtime.canRestoreLazily(name)
        var restored = try runtime.restoreReporting(name: name, tcpEstablished: tcpEstablished, lazyPages: lazily, pageServer: source,
                                                    pageConnection: pageConnection, receivedImages: received, prepared: prepared)
        restored.outcome.parts.insert(imported, at: 0)
        guard json else { return print("imported and restored \(name) (pid \(restored.record.pid))") }
        print(String(decoding: try JSONEncoder().encode(restored.outcome), as: UTF8.self))
    }
}
