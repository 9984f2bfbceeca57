#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension CRIUService {
    /// Starts `criu page-server` on `port` (every address of this host), writing the pages a
    /// dump with `--page-server` sends into `imageDirectory` (its log beside them), and returns
    /// its pid once it listens: CRIU writes a byte on its status descriptor then. It serves one
    /// dump and exits; `finishPageServer` waits for that. Under `setpriv --pdeathsig KILL` it
    /// dies with the thread that started it, so a killed caller leaves no server listening.
    public func startPageServer(imageDirectory: String, port: UInt16,
                                timeoutMilliseconds: Int32 = 10_000) throws(CheckpointError) -> pid_t {
        let stage = "criu page-server on port \(port)"
        let status: (read: Int32, write: Int32)
        do { status = try FileIO.closeOnExecPipe(stage: stage) } catch { throw CheckpointError(stage: stage, detail: "\(error)") }
        defer { close(status.read) }
        let setpriv = ExecutablePath.find("setpriv") ?? "/usr/bin/setpriv"
        let pid: pid_t
        do {
            defer { close(status.write) }
            pid = try starter.start([setpriv, "--pdeathsig", "KILL", executable, "page-server", "--images-dir", imageDirectory,
                                     "--port", String(port), "--status-fd", "3", "--log-file", Self.pageServerLog, "-v4"],
                                    descriptors: [3: status.write], outputPath: nil)
        }
        var waiting = pollfd(fd: status.read, events: Int16(POLLIN), revents: 0)
        var polled: Int32
        repeat { polled = poll(&waiting, 1, timeoutMilliseconds) } while polled < 0 && errno == EINTR
        var byte: UInt8 = 1
        if polled > 0, read(status.read, &byte, 1) == 1 { return pid }
        kill(pid, SIGKILL)
        let exit = starter.wait(pid)
        let why = polled > 0 ? "exited (status \(exit)) before it listened" : "did not listen within \(timeoutMilliseconds) ms; ended"
        throw CheckpointError(stage: stage, detail: why + logExcerpt(imageDirectory, Self.pageServerLog))
    }

    /// Waits up to `timeoutMilliseconds` for the page server to exit after the dump it served;
    /// anything but exit 0 (or no exit in time: it is killed) is an error with its log's first
    /// error. `abandonedWhenReadable`: a descriptor that stays silent while the dump is due (a
    /// pre-copy's stream, on which the source sends nothing until it is told the pre-dump is
    /// in): anything on it, its end above all, means the source gave up, and the server is ended
    /// at once rather than waited out.
    public func finishPageServer(_ pid: pid_t, imageDirectory: String, timeoutMilliseconds: Int = 60_000,
                                 abandonedWhenReadable stream: Int32? = nil) throws(CheckpointError) {
        let stage = "criu page-server (pid \(pid))"
        let event = (try? ChildWatch(pid: pid).next(readable: stream, withinMilliseconds: timeoutMilliseconds)) ?? .gone
        if case .ended(let ended) = event {
            guard ended.exitCodeForShell == 0 else {
                throw CheckpointError(stage: stage, detail: "exited \(ended.exitCodeForShell) after the dump\(logExcerpt(imageDirectory, Self.pageServerLog))")
            }
            return
        }
        kill(pid, SIGKILL)
        _ = starter.wait(pid)
        if case .readable = event {
            throw CheckpointError(stage: stage, detail: "the source ended the move before its dump was in; ended")
        }
        throw CheckpointError(stage: stage, errno: ETIMEDOUT,
                              detail: "still running \(timeoutMilliseconds) ms after the dump; ended\(logExcerpt(imageDirectory, Self.pageServerLog))")
    }

    /// A page server for a migration's dump, started into `images` (made here, new, unless
    /// `made`) on a port held for it (`ReservedPort`) until it listens there: a destination of
    /// either mode names the port to the source, whose dump sends its pages there instead of
    /// into the stream.
    public func startPageReceiver(into images: String, made: Bool = false, stage: String) throws -> (pid: pid_t, port: UInt16) {
        guard made || mkdir(images, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(images)", errno: errno) }
        let reserved = try ReservedPort.reserve(on: IPv4Address(0, 0, 0, 0), stage: "\(stage): a port for the page server")
        defer { reserved.release() }
        return (try startPageServer(imageDirectory: images, port: reserved.port), reserved.port)
    }

    /// Ends a page server whose dump will not come (a failed migration) and reaps it.
    public func stopPageServer(_ pid: pid_t) {
        kill(pid, SIGKILL)
        _ = starter.wait(pid)
    }

    static let pageServerLog = "page-server.log"
}
