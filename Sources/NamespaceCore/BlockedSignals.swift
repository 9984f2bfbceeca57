#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Signals blocked for the rest of an operation and read from a non-blocking signalfd: they
/// can no longer end the process midway (a build would orphan its RUN step's container), and
/// the operation asks `pending()` where it can stop in order. `release()` unblocks them.
public final class BlockedSignals: @unchecked Sendable {
    public let signals: [Int32]
    let descriptor: Int32
    private var previous = sigset_t()
    private var released = false

    /// Blocks `signals` in the calling thread (and the threads it starts from now on).
    public init(_ signals: [Int32], for what: String) throws(CoreError) {
        self.signals = signals
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let names = signals.map { Signal.name(of: $0) }.joined(separator: ", ")
        let blocked = pthread_sigmask(SIG_BLOCK, &set, &previous)
        guard blocked == 0 else { throw CoreError(stage: "\(what): block \(names)", errno: blocked) }
        let descriptor = signalfd(-1, &set, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard descriptor >= 0 else {
            let error = errno
            pthread_sigmask(SIG_SETMASK, &previous, nil)
            throw CoreError(stage: "\(what): signalfd for \(names)", errno: error)
        }
        self.descriptor = descriptor
    }

    /// The signal that arrived since the last call, if one did.
    public func pending() -> Int32? {
        SignalForwarding.nextSignal(descriptor)
    }

    public func release() {
        guard !released else { return }
        released = true
        close(descriptor)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    /// Takes what arrived and was not asked for, then unblocks: for a signal that only says an
    /// operation failed (SIGPIPE of a closed pipe), which the operation's error already tells.
    public func releaseDiscardingPending() {
        guard !released else { return }
        while pending() != nil {}
        release()
    }

    deinit { release() }
}
