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

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
