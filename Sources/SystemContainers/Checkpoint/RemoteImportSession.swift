#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import NamespaceCore

/// A migration's one ssh session to the destination: `ssh HOST -- cbench system import
/// /dev/stdin NAME --restore --say-ready ...`, started before the source freezes and known to
/// be connected once the remote cbench says `ready` on its stdout. The stream then goes into
/// its stdin in sections (`sendSection`: the root before the freeze, the rest inside it), and
/// `finish` waits for the import and restore there and reads their report (the rest of its
/// stdout).
final class RemoteImportSession {
    let command: String
    private let process: SpawnedProcess
    private var input: Int32
    private let output: Int32
    private var finished: SpawnResult?

    private init(command: String, process: SpawnedProcess, input: Int32, output: Int32) {
        self.command = command
        self.process = process
        self.input = input
        self.output = output
    }

    deinit {
        if finished == nil { _ = try? finish() }
        close(output)
    }

    /// Starts `arguments` (ssh and the remote command) and waits up to `timeoutMilliseconds`
    /// for its `ready` line; a session that ends or stays silent first is an error with what
    /// it said on stderr.
    static func open(_ arguments: [String], stage: String, timeoutMilliseconds: Int32 = 60_000) throws -> RemoteImportSession {
        let (stdin, stdout) = try PipePair.make(stage: stage)
        let process: SpawnedProcess
        do {
            process = try Spawn(arguments, placing: [0: stdin.read, 1: stdout.write]).start()
        } catch {
            [stdin.read, stdin.write, stdout.read, stdout.write].forEach { _ = close($0) }
            throw error
        }
        close(stdin.read)
        close(stdout.write)
        let session = RemoteImportSession(command: arguments.drop { $0 != "--" }.dropFirst().joined(separator: " "),
                                          process: process, input: stdin.write, output: stdout.read)
        try session.expect("ready", stage: stage, timeoutMilliseconds: timeoutMilliseconds)
        return session
    }

    /// Writes one section of the stream (`StreamSections`) through `write`, which gets the
    /// sink the archive goes into, and ends it; after the `last` one the remote's stdin is
    /// closed. A closed ssh is an EPIPE of the write, not our death: SIGPIPE is blocked in this
    /// thread only (another thread's writes keep their default) and a pending one is taken
    /// before the mask is put back. When the write fails the session is finished and the
    /// remote's own failure, if any, is the error (it says more).
    func sendSection<Result>(stage: String, last: Bool, write: (@escaping ArchiveWriter.Sink) throws -> Result) throws -> Result {
        let pipeSignal = try BlockedSignals([SIGPIPE], for: stage)
        defer { pipeSignal.releaseDiscardingPending() }
        let frames = StreamSections.Writer(fd: input, what: "the stream to \(command)")
        do {
            let result = try write { (bytes) throws(CoreError) in try frames.write(bytes) }
            try frames.endSection()
            if last { closeInput() }
            return result
        } catch {
            try failed(error, stage: stage)
        }
    }

    /// Writes `line` into the stream raw, between its sections (pre-copy's requests, see
    /// `SystemRuntime.importSections`); a failed write is reported as `sendSection`'s is.
    func say(_ line: String, stage: String) throws {
        let pipeSignal = try BlockedSignals([SIGPIPE], for: stage)
        defer { pipeSignal.releaseDiscardingPending() }
        guard FileIO.writeAll(input, Array(line.utf8)) else {
            try failed(CoreError(stage: "\(stage): write '\(line.dropLast())' to \(command)", errno: errno), stage: stage)
        }
    }

    /// After a failed write: the session is finished, and the remote's own failure, if any, is
    /// the error (it says more), else `error`.
    private func failed(_ error: any Error, stage: String) throws -> Never {
        let result = try finish()
        if result.status != 0 {
            let said = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            throw CoreError(stage: "\(stage): \(command)",
                            detail: "\(result.status == 255 ? "ssh failed" : "exit \(result.status)"): \(said); the stream: \(error)")
        }
        throw error
    }

    /// Waits for the remote's next stdout line to be `expected` (the first pass received: `root`);
    /// anything else finishes the session and is an error with what it said on stderr.
    func expect(_ expected: String, stage: String, timeoutMilliseconds: Int32 = 120_000) throws {
        _ = try expectLine(startingWith: expected, whole: true, stage: stage, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// The same for a line that starts with `prefix` (all of it when `whole`); returns the rest.
    func expectLine(startingWith prefix: String, whole: Bool = false, stage: String,
                    timeoutMilliseconds: Int32 = 120_000) throws -> String {
        let line = FileIO.readTextLine(output, timeoutMilliseconds: timeoutMilliseconds)
        if let line, whole ? line == prefix : line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)) }
        let expected = whole ? prefix : prefix + "..."
        // Silent for too long (an ssh still in its handshake): ended with its process group
        // (Spawn makes it a group of its own), not waited out. Until the wait in `finish` its
        // pid, and so the group's id, is still its own.
        if line == nil { kill(-process.pid, SIGTERM) }
        let result = try finish()
        let said = result.stderr.split(separator: "\n").first.map(String.init) ?? line ?? ""
        let how = result.status == 255 ? "ssh failed" : "exit \(result.status)"
        throw CoreError(stage: "\(stage): \(command)",
                        detail: "no '\(expected)' from it within \(timeoutMilliseconds) ms (\(how))\(said.isEmpty ? "" : ": \(said)")")
    }

    private func closeInput() {
        guard input >= 0 else { return }
        close(input)
        input = -1
    }

    /// Ends the stream (a session never sent to ends with an empty archive, which the import
    /// refuses, leaving nothing there), reads the rest of the remote's stdout and waits for it.
    @discardableResult
    func finish() throws -> SpawnResult {
        if let finished { return finished }
        closeInput()
        let rest = (try? FileIO.readAll(fd: output, limit: 1 << 20)) ?? []
        let waited = try process.wait()
        let result = SpawnResult(exit: waited.exit, stdout: String(decoding: rest, as: UTF8.self), stderr: waited.stderr)
        finished = result
        return result
    }
}

/// Where a `RemoteSystemDestination` (a value) keeps the session it opened and what its
/// first pass of the root read.
final class RemoteImportSlot: @unchecked Sendable {
    /// Used by one migration's steps, one after another.
    var session: RemoteImportSession?
    var firstPass: RootSnapshot?
    var firstPassBytes: UInt64 = 0
    /// The export's files before the root, read with the first pass.
    var header: SystemRuntime.ExportHeader?
    /// Where the remote's page server takes the final dump's pages (`--receive-pages`).
    var pageReceiver: PageServerAddress?
    /// Pre-copy: the remote's address, where each of its page servers listens (`preCopyPages`).
    var pageAddress: IPv4Address?
}
