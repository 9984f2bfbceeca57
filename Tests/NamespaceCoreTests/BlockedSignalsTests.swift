#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore

/// Signals sent to this thread only (pthread_kill), so the other tests' threads are untouched.
/// A failure here ends the test process with the signal: it cannot pass by accident.
@Suite struct BlockedSignalsTests {
    @Test func aBlockedSignalIsReadInsteadOfDelivered() throws {
        let blocked = try BlockedSignals([SIGUSR2], for: "test")
        defer { blocked.release() }
        #expect(blocked.pending() == nil)
        #expect(pthread_kill(pthread_self(), SIGUSR2) == 0)
        #expect(blocked.pending() == SIGUSR2)
        #expect(blocked.pending() == nil)
    }

    /// A SIGPIPE raised while blocked is taken before the mask is restored; without that its
    /// delivery at unblock would end the process.
    @Test func releaseDiscardingPendingTakesWhatArrived() throws {
        let blocked = try BlockedSignals([SIGPIPE], for: "test")
        #expect(pthread_kill(pthread_self(), SIGPIPE) == 0)
        blocked.releaseDiscardingPending()
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
    }

    /// The mask goes back to what it was (the test runner's worker threads block some signals
    /// of their own), however often release is called.
    @Test func releaseRestoresTheMaskOnce() throws {
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &before)
        let wasBlocked = sigismember(&before, SIGURG)
        let blocked = try BlockedSignals([SIGURG], for: "test")
        var mask = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &mask)
        #expect(sigismember(&mask, SIGURG) == 1)
        blocked.release()
        blocked.release()
        pthread_sigmask(SIG_BLOCK, nil, &mask)
        #expect(sigismember(&mask, SIGURG) == wasBlocked)
    }
}
