#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import JSONRecords
import NamespaceCore

/// The real steps of `cbench app migrate NAME --to HOST`: this store's runtime here and, on the
/// destination, one ssh session that checks the name is free there, says `ready`, then runs
/// `cbench app restore --import /dev/stdin --name NAME`, fed an uncompressed archive of the
/// checkpoint through its stdin: TCP between the hosts, never a path both share. Stop-and-copy:
/// the restore there first starts a page server and says `pages PORT` (`--receive-pages`),
/// which `connect` waits for; the dump sends the pages there (CRIU's page server, plain TCP)
/// and holds the tree here frozen with its links down, the archive carries every image but
/// memory, and the restore there runs the tree before it reads the pages back
/// (`--lazy-restore`); the held source ends once that restore has every page. Post-copy adds
/// the page server the other way: a port held here before the session opens, which the
/// destination's restore connects to at once (`--lazy-pages-from`); the lazy dump serves the
/// frozen tree's pages over that connection while the container already runs there. Pre-copy
/// (`--pre-copy` there) asks the destination for a page server per pre-dump on the stream
/// before the archive (`PreCopyRequestLine`), each pre-dump sending its pages there while the
/// container runs on, and then is a stop-and-copy whose dump holds only what changed since.
public final class AppMigrationToHost: AppMigrationSteps {
    /// The remote's exit status when the name is taken there (before `ready`).
    static let nameTakenStatus: Int32 = 17
    static let readyMilliseconds: Int32 = 60_000

    let runtime: AppRuntime
    let record: AppContainerRecord
    let host: String
    let ssh: [String]
    let tcpEstablished: Bool
    let strategy: MigrationStrategy
    private var session: SpawnedProcess?
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var finished: SpawnResult?
    /// The remote said `ready`: from then on its import may have made something there.
    private var ready = false
    /// Post-copy: the port the destination connects to, its connection (CRIU's once the dump
    /// runs; ours is closed then), and the dump that serves the pages until every one has gone.
    private var pagePort: ReservedPort?
    private var pageConnection: Int32?
    private var lazyDump: LazyDump?
    /// Stop-and-copy: the destination's page server (`pages PORT` with the address ssh
    /// reaches), and whether the dump sent the pages there, leaving the tree held here.
    private var pageReceiver: PageServerAddress?
    /// Where the destination's page servers are, as ssh reaches it (stop-and-copy, pre-copy).
    private var receiverAddress: IPv4Address?
    /// Pre-copy: the pre-dumps done, the last of which the final dump builds on.
    private var preDumps = 0
    private var held = false
    /// The bytes of the pages the dump sent to the destination's page server.
    private var pagesSent: UInt64 = 0
    /// The destination makes and wires the container's network namespace before the freeze
    /// (it said so in `connect`): the dump then runs CRIU inside the tree's own namespace and
    /// saves none of it (`AppCheckpointOptions.networkOutsideImages`).
    public var destinationPreparesNetwork = false
    /// The destination's restore parts (`cbench app restore --json` there).
    public private(set) var parts: [Phase] = []

    /// `ssh`: the program and its options, before the host (e.g. `["ssh", "-F", CONFIG]`).
    public init(runtime: AppRuntime, container: String, host: String, ssh: [String], tcpEstablished: Bool,
                strategy: MigrationStrategy = .stopAndCopy) throws {
        self.runtime = runtime
        record = try runtime.store.loadRecord(of: try runtime.store.resolve(container))
        self.host = host
        self.ssh = ssh
        self.tcpEstablished = tcpEstablished
        self.strategy = strategy
    }

    deinit {
        finish(terminating: true)
        if output >= 0 { close(output) }
        closePageConnection()
        pagePort?.release()
    }

    /// The destination shell's command: the name free there, `ready`, then import and restore
    /// (post-copy: from the page server at `pageServer`; `receivePages`: stop-and-copy's pages
    /// into a page server there, read back lazily; with `preCopy` the pre-dumps' pages first,
    /// each into a page server of its own, and the restore reads them through the pre-dumps).
    static func remoteCommand(name: String, tcpEstablished: Bool, pageServer: PageServerAddress? = nil, receivePages: Bool = false,
                              preCopy: Bool = false) -> String {
        let name = quoted(name)
        return "if cbench app inspect \(name) >/dev/null 2>&1; then echo a container \(name) exists there >&2; exit \(nameTakenStatus); fi; "
            + "echo ready; exec cbench app restore --import /dev/stdin --name \(name) --json" + (tcpEstablished ? " --tcp-established" : "")
            + (pageServer.map { " --lazy-pages-from \($0)" } ?? "")
            + (receivePages ? " --receive-pages" + (preCopy ? " --pre-copy" : " --lazy-restore") : "") + " --prepare"
    }

    /// Removes the container there if there is one (a restore that died half-way).
    static func removalCommand(name: String) -> String {
        let name = quoted(name)
        return "if cbench app inspect \(name) >/dev/null 2>&1; then exec cbench app rm -f \(name); fi"
    }

    static func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func describe(_ result: SpawnResult) -> String {
        let said = result.stderr.split(separator: "\n").first.map { ": \($0)" } ?? ""
        return (result.status == 255 ? "ssh failed" : "exit \(result.status)") + said
    }

    public func connect() throws {
        let stage = "connect to \(host)"
        if strategy == .postCopy {
            let port = try PageServerRoute.reservePort(ssh: ssh, host: host, stage: "\(stage): page server")
            try port.listen()
            pagePort = port
        }
        // Resolved first: a host without an address the pages can go to fails before anything starts there.
        receiverAddress = strategy == .postCopy
            ? nil : try PageServerRoute.remoteAddress(ssh: ssh, host: host, stage: "\(stage): its page server")
        let stdin = try FileIO.closeOnExecPipe(stage: stage)
        let stdout: (read: Int32, write: Int32)
        do { stdout = try FileIO.closeOnExecPipe(stage: stage) } catch {
            [stdin.read, stdin.write].forEach { _ = close($0) }
            throw error
        }
        do {
            let command = Self.remoteCommand(name: record.name, tcpEstablished: tcpEstablished, pageServer: pagePort?.pageServerAddress,
                                             receivePages: receiverAddress != nil, preCopy: strategy == .preCopy)
            session = try Spawn(ssh + [host, "--", command],
                                placing: [0: stdin.read, 1: stdout.write]).start()
        } catch {
            [stdin.read, stdin.write, stdout.read, stdout.write].forEach { _ = close($0) }
            throw error
        }
        close(stdin.read)
        close(stdout.write)
        input = stdin.write
        output = stdout.read
        guard FileIO.readTextLine(output, timeoutMilliseconds: Self.readyMilliseconds) == "ready" else {
            let result = finish(terminating: true)
            throw CoreError(stage: stage, detail: "no 'ready' from cbench there" + (result.map { " (\(Self.describe($0)))" } ?? ""))
        }
        ready = true
        // The container's record first: the restore there prepares from it, then says so.
        try send(try runtime.prelude(of: record), stage: "\(stage): send the container's record")
        let said = FileIO.readTextLine(output, timeoutMilliseconds: Self.readyMilliseconds)
        guard let said, PreparedDestinationLine.isPrepared(said) else {
            let result = finish(terminating: true)
            throw CoreError(stage: "\(stage): prepare the restore there",
                            detail: "no '\(PreparedDestinationLine.word)' from cbench there" + (said.map { ", it said '\($0)'" } ?? "")
                                + (result.map { " (\(Self.describe($0)))" } ?? ""))
        }
        // Its restore wires the namespace and runs CRIU in it: the dump leaves it out.
        destinationPreparesNetwork = true
        // Stop-and-copy: its page server listens once it says so; the dump sends the pages
        // there. Pre-copy's are asked for one by one.
        if strategy == .stopAndCopy { pageReceiver = try awaitPageReceiver(stage: "\(stage): its page server") }
        // Post-copy: the destination's restore connects before it reads the stream.
        if let pagePort {
            do { pageConnection = try pagePort.accept(timeoutMilliseconds: 10_000) } catch {
                let result = finish(terminating: true)
                throw CoreError(stage: stage, detail: "\(error)" + (result.map { " (the destination: \(Self.describe($0)))" } ?? ""))
            }
        }
    }

    /// Lines on the stream before the archive (the record, pre-copy's requests), before the freeze.
    private func send(_ bytes: [UInt8], stage: String) throws {
        let pipeSignal = try BlockedSignals([SIGPIPE], for: stage)
        defer { pipeSignal.releaseDiscardingPending() }
        guard FileIO.writeAll(input, bytes) else {
            let code = errno
            let result = finish(terminating: true)
            throw CoreError(stage: stage, errno: code, detail: result.map(Self.describe))
        }
    }

    /// The destination's next line, which must name its page server's port (`pages PORT`):
    /// that server at the address ssh reaches the destination by.
    private func awaitPageReceiver(stage: String) throws -> PageServerAddress {
        let said = FileIO.readTextLine(output, timeoutMilliseconds: Self.readyMilliseconds)
        guard let receiverAddress, let port = said.flatMap(PageReceiverLine.port(ofLine:)) else {
            let result = finish(terminating: true)
            throw CoreError(stage: stage, detail: "no '\(PageReceiverLine.prefix)PORT' from cbench there" + (said.map { ", it said '\($0)'" } ?? "")
                                + (result.map { " (\(Self.describe($0)))" } ?? ""))
        }
        return PageServerAddress(address: receiverAddress.description, port: Int32(port))
    }

    /// Pre-copy: a page server there for `request`'s pages.
    private func requestPageReceiver(_ request: PreCopyRequestLine, stage: String) throws -> PageServerAddress {
        try send(Array(request.line.utf8), stage: "\(stage): ask \(host) for a page server")
        return try awaitPageReceiver(stage: "\(stage): the page server on \(host)")
    }

    public func preDump(iteration: Int, parent: String?) throws -> UInt64? {
        do { return try preDumpSendingPages(iteration: iteration, parent: parent) } catch {
            dropPreDumps()
            throw error
        }
    }

    /// A failed pre-copy ends with the container running here: its pre-dumps' images go.
    private func dropPreDumps() {
        runtime.store.movingImages.remove(runtime.store.movingImages.directory(of: record.id))
    }

    private func preDumpSendingPages(iteration: Int, parent: String?) throws -> UInt64? {
        let stage = "pre-dump \(iteration) of \(record.name)"
        let receiver = try requestPageReceiver(.preDump(iteration: iteration), stage: stage)
        let report = try runtime.checkpoint(record.name, options: AppCheckpointOptions(
            tcpEstablished: tcpEstablished, imagesPassThrough: true, sendPages: receiver,
            preDumpDirectory: MigrationMachine.preDumpDirectory(iteration), parentPath: parent))
        let pages = report.statistics.pagesWritten
        pagesSent += (pages ?? 0) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
        // Its page server there exits once it has written them; only then is the round done.
        let said = FileIO.readTextLine(output, timeoutMilliseconds: Self.readyMilliseconds)
        guard said.flatMap(PreDumpedLine.iteration(ofLine:)) == iteration else {
            let result = finish(terminating: true)
            throw CoreError(stage: "\(stage): its pages on \(host)",
                            detail: "no '\(PreDumpedLine.line(iteration: iteration).dropLast())' from cbench there"
                                + (said.map { ", it said '\($0)'" } ?? "") + (result.map { " (\(Self.describe($0)))" } ?? ""))
        }
        preDumps = iteration
        return pages
    }

    public func dump(lazy: Bool) throws -> Double? {
        if lazy { return try dumpLazily() }
        // Pre-copy: the final dump's pages go to a page server of their own there, beside the
        // pre-dumps', and only what changed since the last pre-dump.
        let parent = strategy == .preCopy ? MigrationMachine.preDumpDirectory(preDumps) : nil
        if strategy == .preCopy {
            do { pageReceiver = try requestPageReceiver(.dump(after: preDumps), stage: "checkpoint \(record.name)") } catch {
                dropPreDumps()
                throw error
            }
        }
        let options = AppCheckpointOptions(tcpEstablished: tcpEstablished, imagesPassThrough: true, sendPages: pageReceiver,
                                           networkOutsideImages: destinationPreparesNetwork, parentPath: parent)
        let report = try runtime.checkpoint(record.name, options: options)
        held = options.holdsSource
        if held { pagesSent += (report.statistics.pagesWritten ?? 0) * UInt64(sysconf(Int32(_SC_PAGESIZE))) }
        return report.statistics.frozenMicroseconds.map { Double($0) / 1000 }
    }

    public var holdsSource: Bool { held }

    public func transfer() throws -> UInt64 {
        let stage = "transfer to \(host)"
        // A closed ssh is an EPIPE of the write, not our death.
        let pipeSignal = try BlockedSignals([SIGPIPE], for: stage)
        defer { pipeSignal.releaseDiscardingPending() }
        do {
            let bytes = try AppCheckpointArchive.stream(store: runtime.store, id: record.id, into: input, what: "the stream to \(host)")
            closeInput()
            // The pages went during the dump, to the page server there.
            return bytes + pagesSent
        } catch {
            // The remote's own failure, when it ended first, says more.
            let result = finish()
            throw CoreError(stage: stage, detail: "\(error)" + (result.map { "; the destination: \(Self.describe($0))" } ?? ""))
        }
    }

    public func restore() throws -> Double? {
        guard let result = finish() else { throw CoreError(stage: "restore on \(host)", detail: "the ssh session could not be waited for") }
        guard result.status == 0 else { throw CoreError(stage: "restore on \(host)", detail: Self.describe(result)) }
        // Its stdout's last line: the restore's parts and CRIU's statistics; a restore that
        // printed none (an older cbench there) still moved it.
        guard let summary = FileIO.readTextLine(output, timeoutMilliseconds: 1_000).flatMap(Self.restoreSummary) else { return nil }
        parts = summary.parts
        return summary.statistics.restoreMicroseconds.map { Double($0) / 1000 }
    }

    /// What `restore --json` printed there; nil for anything else (an older cbench prints the name).
    static func restoreSummary(_ line: String) -> AppRestoreSummary? {
        try? JSONRecord.decode(AppRestoreSummary.self, from: Array(line.utf8), what: "the restore's summary")
    }

    public func discardDestination() -> String? {
        // Post-copy: the page server ends first, the tree kept frozen here; ended after the
        // destination's daemon, CRIU would take that for the last page served and end the tree.
        lazyDump?.abort()
        // Its stdin closed, a remote still waiting for the stream fails on the empty archive.
        finish()
        // Before `ready` (the name taken there, ssh refused) the import had not begun.
        guard ready else { return nil }
        guard let removal = try? Spawn(ssh + [host, "--", Self.removalCommand(name: record.name)]).run() else {
            return "ssh to \(host) could not be started to remove it"
        }
        return removal.status == 0 ? nil : "`cbench app rm -f \(record.name)` there: \(Self.describe(removal))"
    }

    public func restoreSource() throws {
        if held {
            // The memory is still here, in the frozen tree: it runs on, its links up.
            held = false
            return try runtime.releaseMigrationHold(record.name)
        }
        if let lazyDump {
            // The memory never left: CRIU's page server is ended, and the tree, kept frozen, runs on.
            self.lazyDump = nil
            lazyDump.abort()
            return try runtime.releaseMigrationHold(record.name)
        }
        try runtime.restore(record.name, options: AppRestoreOptions(tcpEstablished: tcpEstablished))
    }

    public func removeSource() throws {
        if held {
            // The destination's restore ended once its lazy-pages daemon had every page.
            held = false
            return try runtime.endMigrationHold(record.name)
        }
        guard let lazyDump else { return try runtime.remove(record.name, force: true) }
        // The destination has every page (its restore ended once its daemon had them): the
        // dump ends and leaves the tree here held, frozen (`serveLazily`); `remove` kills it
        // and thaws it. A dump that failed even so changes nothing: the source is removed, never
        // resumed.
        self.lazyDump = nil
        var failure: (any Error)?
        do { _ = try lazyDump.finish() } catch { failure = error }
        try runtime.remove(record.name, force: true)
        if let failure {
            throw CoreError(stage: "lazy dump on this host", detail: "\(failure); it failed after the copy on \(host) had every page; the source was removed")
        }
    }

    /// Post-copy's dump: every image but memory, then the tree stays frozen here while CRIU
    /// serves its pages over the destination's connection. A dump that fails before that
    /// resumes the tree (nothing of it runs there yet); if it cannot, the source is held.
    private func dumpLazily() throws -> Double? {
        let stage = "checkpoint \(record.name) (post-copy)"
        guard let pagePort, let connection = pageConnection else {
            throw CoreError(stage: stage, detail: "no page server connection from \(host) (connect first)")
        }
        let (runtime, name, tcpEstablished, address) = (runtime, record.name, tcpEstablished, pagePort.pageServerAddress)
        let outside = destinationPreparesNetwork
        let dump = try LazyDump.start(name: name, address: address, service: CRIUService()) { service, statusFD in
            try runtime.checkpoint(name, options: AppCheckpointOptions(
                tcpEstablished: tcpEstablished, lazyPages: AppLazyPageServing(address: address, connection: connection, statusFD: statusFD),
                imagesPassThrough: true, networkOutsideImages: outside), service: service)
        }
        do {
            try dump.waitUntilReady()
            // A dump outside the namespace took the links down at the freeze already.
            if !outside { try runtime.takeHostLinksDown(afterLazyDumpOf: name) }
        } catch {
            // CRIU may serve pages still (the links could not go down): ended, the tree stays frozen.
            dump.abort()
            closePageConnection()
            do { try runtime.releaseMigrationHold(name) } catch let resume {
                throw MigrationStepFailure(CoreError(stage: stage, detail: "\(error); resuming it failed too: \(resume)"), source: .held)
            }
            throw error
        }
        // CRIU holds the connection and the port now: nothing else comes to either.
        closePageConnection()
        pagePort.release()
        lazyDump = dump
        // A lazy dump's frozen time is no span we can use (the tree stays frozen while its
        // pages are served; cbench system migrate leaves it out too).
        return nil
    }

    private func closePageConnection() {
        if let pageConnection { close(pageConnection) }
        pageConnection = nil
    }

    /// Closes the stream and waits for the session (after ending its process group when
    /// `terminating`); its result, kept for the later calls.
    @discardableResult
    private func finish(terminating: Bool = false) -> SpawnResult? {
        closeInput()
        if let finished { return finished }
        guard let session else { return nil }
        // Spawn gave it a process group of its own; until the wait its pid is still its own.
        if terminating { kill(-session.pid, SIGTERM) }
        finished = try? session.wait()
        return finished
    }

    private func closeInput() {
        guard input >= 0 else { return }
        close(input)
        input = -1
    }
}
