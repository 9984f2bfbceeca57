#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import NamespaceCore
import Synchronization

/// The source's side of a post-copy move to another host, for both modes: `criu dump
/// --lazy-pages` of the running container on a thread of its own (the mode's dump, given the
/// CRIU service to run it with and the status descriptor). CRIU writes every image but
/// memory, says so (`status-ready`, a byte on the status pipe) and then serves the frozen
/// tree's pages over the connection the destination's `criu lazy-pages` gets (made to
/// `address` before the freeze); the dump ends once every page has gone or the destination's
/// connection closed (CRIU cannot tell the two apart), and leaves the tree frozen either way
/// (`serveLazily`): the mode ends it once the destination says every page came in, or resumes
/// it. `abort` ends CRIU before that (a post-copy rollback).
public final class LazyDump: Sendable {
    public let address: PageServerAddress
    private let ready: Int32
    private let finished: Int32
    private let outcome = Mutex<Result<ContainerCheckpointer.Report, any Error>?>(nil)
    private let criu: CRIUPidRecorder

    private init(address: PageServerAddress, ready: Int32, finished: Int32, criu: CRIUPidRecorder) {
        self.address = address
        self.ready = ready
        self.finished = finished
        self.criu = criu
    }

    deinit {
        close(ready)
        close(finished)
    }

    /// Starts `dump` (the mode's lazy dump of `name`, its pages served over the connection the
    /// destination made to `address`), giving it the service to run CRIU with and the
    /// descriptor CRIU's readiness is written to.
    public static func start(name: String, address: PageServerAddress, service: CRIUService,
                             dump: @escaping @Sendable (CRIUService, Int32?) throws -> ContainerCheckpointer.Report) throws -> LazyDump {
        let stage = "checkpoint \(name) (lazy pages on \(address))"
        let (status, done) = try PipePair.make(stage: stage)
        let recorder = CRIUPidRecorder(service.starter)
        let recording = CRIUService(executable: service.executable, starter: recorder)
        let lazyDump = LazyDump(address: address, ready: status.read, finished: done.read, criu: recorder)
        // The checkpointer closes the status descriptor it is given; ours is closed here, so
        // the reader sees the end whichever way the dump went.
        let forCRIU = fcntl(status.write, F_DUPFD_CLOEXEC, 3)
        DispatchQueue.global().async {
            let result = Result { try dump(recording, forCRIU >= 0 ? forCRIU : nil) }
            lazyDump.outcome.withLock { $0 = result }
            close(status.write)
            close(done.write)
        }
        return lazyDump
    }

    /// Waits until CRIU's images but memory are written and its page server listens; throws
    /// the dump's own error when it ended first, and aborts it after `timeoutMilliseconds`.
    public func waitUntilReady(timeoutMilliseconds: Int32 = 120_000) throws {
        // The dump's end is watched too: one that fails before CRIU ran never writes the byte.
        var watched = [pollfd(fd: ready, events: Int16(POLLIN), revents: 0), pollfd(fd: finished, events: Int16(POLLIN), revents: 0)]
        var polled: Int32
        repeat { polled = poll(&watched, 2, timeoutMilliseconds) } while polled < 0 && errno == EINTR
        guard polled > 0 else {
            abort()
            throw CoreError(stage: "checkpoint (lazy pages)", errno: ETIMEDOUT,
                            detail: "criu's page server was not ready after \(timeoutMilliseconds) ms; the dump was ended")
        }
        var byte: UInt8 = 0
        if watched[0].revents != 0, read(ready, &byte, 1) == 1 { return }
        _ = try finish()
        throw CoreError(stage: "checkpoint (lazy pages)", detail: "the dump ended before criu's page server was ready")
    }

    /// Waits for the dump to end (every page served or the destination gone, the tree frozen)
    /// and returns its report, or its error.
    public func finish() throws -> ContainerCheckpointer.Report {
        var byte: UInt8 = 0
        while read(finished, &byte, 1) < 0 && errno == EINTR {}
        guard let result = outcome.withLock({ $0 }) else {
            throw CoreError(stage: "checkpoint (lazy pages)", detail: "the dump thread ended without an outcome")
        }
        return try result.get()
    }

    /// Ends CRIU while it serves pages and waits for the dump's end. The tree stays frozen
    /// (both modes dump it with `keepFrozen`: the destination may have run a copy): the mode
    /// resumes it once that copy is gone.
    public func abort() {
        if let pid = criu.running { kill(pid, SIGKILL) }
        _ = try? finish()
    }
}
