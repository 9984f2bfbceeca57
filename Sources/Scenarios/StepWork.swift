/// The work of one step: `run` is timed on the step's own thread with the scenario's
/// timeout; `abort` stops it from another thread (timeout, Ctrl-C) and must unblock it;
/// `cleanup` runs afterwards, whatever happened.
public struct StepWork<Value: Sendable> {
    public var run: @Sendable () throws -> Value
    public var abort: @Sendable () -> Void
    public var cleanup: () -> Void

    public init(run: @escaping @Sendable () throws -> Value, abort: @escaping @Sendable () -> Void = {}, cleanup: @escaping () -> Void = {}) {
        self.run = run
        self.abort = abort
        self.cleanup = cleanup
    }
}

/// A step that failed at a named stage (`exit`, `judge`, `unpack`...): recorded with it.
public struct StepFailure: Error, Sendable, CustomStringConvertible {
    public var stage: String
    public var message: String

    public init(stage: String, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { message }
}

/// How a step of a kind's own loop ended (`ScenarioSession.attempt`).
public enum StepOutcome<Value: Sendable>: Sendable {
    case succeeded(Value)
    /// Failed at `stage`; `error` is what was thrown, when anything was (not on a timeout).
    case failed(stage: String, message: String, error: (any Error)?)
    case interrupted
}
