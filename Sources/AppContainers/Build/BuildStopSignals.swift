import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM for a build: blocked from the start, so they never end the process
/// midway (which would orphan a RUN step's container outside the caller's lock), and read
/// from a signalfd instead. A RUN step's wait takes them itself (`AppRuntime.stoppingSignals`);
/// between steps the builder asks `pending()`.
public enum BuildStopSignals {
    public static let signals: [Int32] = [SIGINT, SIGTERM]

    public static func block() throws(CoreError) -> BlockedSignals {
        try BlockedSignals(signals, for: "build")
    }
}

/// A build ended by SIGINT or SIGTERM: the step it was in, whose container and layer are gone.
public struct BuildStopped: Error, Sendable, Equatable, CustomStringConvertible {
    public var signal: Int32
    /// 1-based, of `steps`; 0 when it came after the last step.
    public var step: Int
    public var steps: Int
    public var instruction: String

    public init(signal: Int32, step: Int, steps: Int, instruction: String) {
        self.signal = signal
        self.step = step
        self.steps = steps
        self.instruction = instruction
    }

    public var description: String {
        let place = step == 0 ? "after the last step" : "at step \(step)/\(steps) (\(instruction))"
        return "stopped by \(Signal.name(of: signal)) \(place); nothing of the unfinished step is kept"
    }

    /// The shell's exit code for a process ended by the signal.
    public var exitCode: Int32 { 128 + signal }
}
