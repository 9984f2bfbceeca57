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
    public var counterContinued: Bool { firstRegression == nil }

    /// The first reply whose counter is below the highest one seen before it, with the reply
    /// that said that highest one; nil when the counter never went back.
    public var firstRegression: (highest: Reply, below: Reply)? { regressions.first }

    /// Replies whose counter is below the highest one seen before them.
    public var repliesBelowTheHighest: Int { regressions.count }

    /// Both of the above from one walk of the replies.
    private var regressions: (first: (highest: Reply, below: Reply)?, count: Int) {
        guard var highest = replies.first else { return (nil, 0) }
        var first: (highest: Reply, below: Reply)?
        var count = 0
        for reply in replies.dropFirst() {
            if reply.counter < highest.counter {
                count += 1
                if first == nil { first = (highest, reply) }
            } else {
                highest = reply
            }
        }
        return (first, count)
    }

    /// Who answered with the lower counter, as the client can tell: a reply to a datagram
    /// sent after the one the higher counter answered comes from a second service (the
    /// source running again, or a restarted one counting from 0); one to an earlier datagram
    /// is a reply overtaken on the way. Times are in ms after `origin` (the migration's start).
    public func regressionDescription(origin: UInt64) -> String? {
        let regressions = regressions
        guard let (highest, below) = regressions.first else { return nil }
        func at(_ reply: Reply) -> String {
            let tenths = ((Double(reply.received) - Double(origin)) / 1e5).rounded() / 10
            return "datagram \(reply.sequence), received \(tenths) ms after the migration began"
        }
        let who: String
        if below.sequence < highest.sequence {
            who = "an earlier datagram's reply overtaken on the way"
        } else if below.counter < highest.counter / 2 {
            who = "a datagram no earlier answered from a count near its start (a restarted service)"
        } else {
            who = "a datagram no earlier answered from an older count (a second copy of the service answering)"
        }
        return "the counter went back: \(below.counter) (\(at(below))) after \(highest.counter) (\(at(highest))); "
            + "\(regressions.count) of \(replies.count) replies below the highest before them; \(who)"
    }

    public var lost: UInt64 { sent > UInt64(replies.count) ? sent - UInt64(replies.count) : 0 }
}
