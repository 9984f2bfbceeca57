/// One timed phase of a step (a start, a migration's dump), as monotonic timestamps in
/// nanoseconds (`MonotonicClock`). One type for every step that is timed, so a migration's
/// phases and a target's are the same thing.
public struct Phase: Sendable, Equatable, Codable {
    public var name: String
    public var start: UInt64
    public var end: UInt64

    public init(name: String, start: UInt64, end: UInt64) {
        self.name = name
        self.start = start
        self.end = end
    }

    public var milliseconds: Double { Double(end &- start) / 1_000_000 }
}

extension Array where Element == Phase {
    /// The first phase's start to the last one's end, in milliseconds; nil without phases.
    public var spanMilliseconds: Double? {
        guard let first, let last else { return nil }
        return Double(last.end &- first.start) / 1_000_000
    }
}
