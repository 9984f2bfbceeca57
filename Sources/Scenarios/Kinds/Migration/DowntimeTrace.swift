/// What the downtime client saw: every datagram it sent and every reply, on the monotonic
/// clock. Pure, so the verdicts are unit-tested on made-up traces.
public struct DowntimeTrace: Sendable, Equatable {
    public struct Reply: Sendable, Equatable {
        public var sequence: UInt64
        public var received: UInt64
        /// The service's counter when it answered.
        public var counter: UInt64

        public init(sequence: UInt64, received: UInt64, counter: UInt64) {
            self.sequence = sequence
            self.received = received
            self.counter = counter
        }
    }

    public var sent: UInt64
    public var replies: [Reply]
    /// When the client started and stopped sending.
    public var start: UInt64
    public var end: UInt64

    public init(sent: UInt64, replies: [Reply], start: UInt64, end: UInt64) {
        self.sent = sent
        self.replies = replies
        self.start = start
        self.end = end
    }

    /// The longest time between two replies in a row, in nanoseconds, counting from the first
    /// reply to the last; nil with fewer than two replies (the service never answered twice).
    public var longestGap: (nanoseconds: UInt64, before: Reply, after: Reply)? {
        guard replies.count >= 2 else { return nil }
        var best: (nanoseconds: UInt64, before: Reply, after: Reply)?
        for (before, after) in zip(replies, replies.dropFirst()) {
            let gap = after.received &- before.received
            if best.map({ gap > $0.nanoseconds }) ?? true { best = (gap, before, after) }
        }
        return best
    }

    /// Whether the service answered again after `instant` (the end of the migration).
    public func answered(after instant: UInt64) -> Bool {
        replies.contains { $0.received > instant }
    }

    /// Whether the counter went on across every reply (a restarted service counts from 0).
    public var counterContinued: Bool {
        zip(replies, replies.dropFirst()).allSatisfy { $0.counter <= $1.counter }
    }

    public var lost: UInt64 { sent > UInt64(replies.count) ? sent - UInt64(replies.count) : 0 }
}
