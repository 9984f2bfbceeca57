import Foundation
import NamespaceCore

/// Runs one step on its own thread and waits at most `timeout`: a hung runtime cannot stall
/// the suite. While it waits it watches the stop signal, so Ctrl-C ends the step within a
/// fraction of a second. On timeout or stop, `abort` runs (the target's cleanup kills the
/// container, which unblocks the step).
public enum StepExecutor {
    public enum Outcome<Value: Sendable>: Sendable {
        case finished(Result<Value, any Error>)
        case timedOut
        case interrupted
    }

    final class Box<Value: Sendable>: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<Value, any Error>?
    }

    /// How often the wait looks at the stop signal.
    static let pollInterval = 0.05
    /// How long an aborted step may take to unwind before the next one starts anyway.
    static let unwindSeconds = 10.0

    public static func execute<Value: Sendable>(timeout seconds: Double, stop: StopSignal? = nil, abort: @escaping @Sendable () -> Void,
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
        let deadline = DispatchTime.now() + seconds
        while true {
            let slice = min(DispatchTime.now() + pollInterval, deadline)
            if done.wait(timeout: slice) == .success {
                box.lock.lock()
                defer { box.lock.unlock() }
                return box.result.map { .finished($0) } ?? .timedOut
            }
            let stopped = stop?.isRequested ?? false
            guard stopped || DispatchTime.now() >= deadline else { continue }
            abort()
            // Give the aborted step a moment to unwind so its cleanup does not race the next
            // one; a forced stop (a second Ctrl-C) does not wait.
            var waited = 0.0
            while waited < unwindSeconds, !(stop?.isForced ?? false), done.wait(timeout: .now() + pollInterval) != .success {
                waited += pollInterval
            }
            return stopped ? .interrupted : .timedOut
        }
    }
}
