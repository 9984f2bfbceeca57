import Foundation
import Synchronization

/// A call on a thread of its own, for a step that must act while it runs (open a workload's
/// gate while its container runs). `wait` returns what it returned or rethrows.
final class ConcurrentCall<Value: Sendable>: Sendable {
    private final class Outcome: Sendable {
        let result = Mutex<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
    }
    private let outcome = Outcome()

    init(_ body: @escaping @Sendable () throws -> Value) {
        let outcome = self.outcome
        let thread = Thread {
            let result = Result { try body() }
            outcome.result.withLock { $0 = result }
            outcome.done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    var isFinished: Bool { outcome.result.withLock { $0 != nil } }

    func wait() throws -> Value {
        outcome.done.wait()
        outcome.done.signal()
        guard let result = outcome.result.withLock({ $0 }) else { throw StepFailure(stage: "run", "the call ended without a result") }
        return try result.get()
    }
}
