#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

/// The real steps of `cbench app migrate NAME --to HOST`: this store's runtime here and, on the
/// destination, one ssh session that checks the name is free there, says `ready`, then runs
/// `cbench app restore --import /dev/stdin --name NAME`, fed an uncompressed archive of the
/// checkpoint through its stdin: TCP between the hosts, never a path both share.
public final class AppMigrationToHost: AppMigrationSteps {
    /// The remote's exit status when the name is taken there (before `ready`).
    static let nameTakenStatus: Int32 = 17
    static let readyMilliseconds: Int32 = 60_000

    let runtime: AppRuntime
    let record: AppContainerRecord
    let host: String
    let ssh: [String]
    let tcpEstablished: Bool
    private var session: SpawnedProcess?
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var finished: SpawnResult?
    /// The remote said `ready`: from then on its import may have made something there.
    private var ready = false

    /// `ssh`: the program and its options, before the host (e.g. `["ssh", "-F", CONFIG]`).
    public init(runtime: AppRuntime, container: String, host: String, ssh: [String], tcpEstablished: Bool) throws {
        self.runtime = runtime
        record = try runtime.store.loadRecord(of: try runtime.store.resolve(container))
        self.host = host
        self.ssh = ssh
        self.tcpEstablished = tcpEstablished
    }

    deinit {
        finish(terminating: true)
        if output >= 0 { close(output) }
    }

    /// The destination shell's command: the name free there, `ready`, then import and restore.
    static func remoteCommand(name: String, tcpEstablished: Bool) -> String {
        let name = quoted(name)
        return "if cbench app inspect \(name) >/dev/null 2>&1; then echo a container \(name) exists there >&2; exit \(nameTakenStatus); fi; "
            + "echo ready; exec cbench app restore --import /dev/stdin --name \(name) --print-stats" + (tcpEstablished ? " --tcp-established" : "")
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
        let stdin = try FileIO.closeOnExecPipe(stage: stage)
        let stdout: (read: Int32, write: Int32)
        do { stdout = try FileIO.closeOnExecPipe(stage: stage) } catch {
            [stdin.read, stdin.write].forEach { _ = close($0) }
            throw error
        }
        do {
            session = try Spawn(ssh + [host, "--", Self.remoteCommand(name: record.name, tcpEstablished: tcpEstablished)],
                                placing: [0: stdin.read, 1: stdout.write]).start()
        } catch {
            [stdin.read, stdin.write, stdout.read, stdout.write].forEach { _ = close($0) }
            throw error
        }
        close(stdin.read)
        close(stdout.write)
        input = stdin.write
        output = stdout.read
        guard Self.readLine(output, timeoutMilliseconds: Self.readyMilliseconds) == "ready" else {
            let result = finish(terminating: true)
            throw CoreError(stage: stage, detail: "no 'ready' from cbench there" + (result.map { " (\(Self.describe($0)))" } ?? ""))
        }
        ready = true
    }

    public func dump() throws -> Double? {
        let report = try runtime.checkpoint(record.name, options: AppCheckpointOptions(tcpEstablished: tcpEstablished, imagesPassThrough: true))
        return report.statistics.frozenMicroseconds.map { Double($0) / 1000 }
    }

    public func transfer() throws -> UInt64 {
        let stage = "transfer to \(host)"
        // A closed ssh is an EPIPE of the write, not our death.
        let pipeSignal = try BlockedSignals([SIGPIPE], for: stage)
        defer { pipeSignal.releaseDiscardingPending() }
        do {
            let bytes = try AppCheckpointArchive.stream(store: runtime.store, id: record.id, into: input, what: "the stream to \(host)")
            closeInput()
            return bytes
        } catch {
            // The remote's own failure, when it ended first, says more.
            let result = finish()
            throw CoreError(stage: stage, detail: "\(error)" + (result.map { "; the destination: \(Self.describe($0))" } ?? ""))
        }
    }

    public func restore() throws -> Double? {
        guard let result = finish() else { throw CoreError(stage: "restore on \(host)", detail: "the ssh session could not be waited for") }
        guard result.status == 0 else { throw CoreError(stage: "restore on \(host)", detail: Self.describe(result)) }
        return Self.restoreMilliseconds(printed: result.stdout)
    }

    /// CRIU's restore time from the last line `restore --print-stats` printed there; nil
    /// when it gives none (an older cbench there prints the name).
    static func restoreMilliseconds(printed: String) -> Double? {
        CheckpointStatistics(printedBy: printed)?.restoreMicroseconds.map { Double($0) / 1000 }
    }

    public func discardDestination() -> String? {
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
        try runtime.restore(record.name, options: AppRestoreOptions(tcpEstablished: tcpEstablished))
    }

    public func removeSource() throws {
        try runtime.remove(record.name, force: true)
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

    /// One line of `fd` without its newline; nil at its end or after the timeout.
    static func readLine(_ fd: Int32, timeoutMilliseconds: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            var polled: Int32
            repeat { polled = poll(&waiting, 1, timeoutMilliseconds) } while polled < 0 && errno == EINTR
            guard polled > 0, read(fd, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
