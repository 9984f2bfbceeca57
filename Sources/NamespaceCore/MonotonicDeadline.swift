#if canImport(Glibc)
import Glibc
#endif

/// A moment `seconds` ahead on CLOCK_MONOTONIC, for polling loops that must give up.
public struct MonotonicDeadline: Sendable {
    private let end: Double

    public init(seconds: Double) {
        end = Self.now() + seconds
    }

    public var hasPassed: Bool { Self.now() >= end }

    /// Whole milliseconds left (rounded up, so a wait until then does not end early), 0 once passed.
    public var remainingMilliseconds: Int32 {
        Int32(clamping: Int(max(0, (end - Self.now()) * 1000).rounded(.up)))
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
