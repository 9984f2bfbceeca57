import Foundation
import NamespaceCore

/// Runs one step on its own thread and waits at most `timeout`: a hung runtime cannot stall
/// the suite. On timeout `abort` runs (the target's cleanup kills the container, which
/// unblocks the step) and the step counts as failed.
public enum StepExecutor {
    public enum Outcome<Value: Sendable>: Sendable {
        case finished(Result<Value, any Error>)
        case timedOut
    }

    final class Box<Value: Sendable>: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<Value, any Error>?
    }

    public static func execute<Value: Sendable>(timeout seconds: Double, abort: @escaping @Sendable () -> Void,
                                                _ body: @escaping @Sendable () throws -> Value) -> Outcome<Value> {
        let done = DispatchSemaphore(value: 0)
        let box = Box<Value>()
        let thread = Thread {
            let result = Result { try body() }
            box.lock.lock()
            box.result = result
            box.lock.unlock()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        if done.wait(timeout: .now() + seconds) == .success {
            box.lock.lock()
            defer { box.lock.unlock() }
            return box.result.map { .finished($0) } ?? .timedOut
        }
        abort()
        // Give the aborted step a moment to unwind so its cleanup does not race the next one.
        _ = done.wait(timeout: .now() + 10)
        return .timedOut
    }
}
