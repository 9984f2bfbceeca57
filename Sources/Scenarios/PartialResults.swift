import Results
import Synchronization

/// The run's results as they stand, saved (marked partial) after each scenario and at once
/// when a stop is requested. A run killed while it unwinds (a slow daemon teardown, a caller's
/// SIGKILL after its SIGTERM) keeps what it measured instead of losing the whole document.
/// Once the run has its final document nothing more is saved, so a late partial save can
/// never replace the complete one.
final class PartialResults: Sendable {
    private let save: @Sendable (ResultsDocument) -> Void
    private let finished = Mutex(false)

    init(save: @escaping @Sendable (ResultsDocument) -> Void) {
        self.save = save
    }

    func write(_ document: () -> ResultsDocument) {
        finished.withLock { done in
            if !done { save(document()) }
        }
    }

    /// The final document is being returned: no partial save may follow it.
    func finish() {
        finished.withLock { $0 = true }
    }
}
