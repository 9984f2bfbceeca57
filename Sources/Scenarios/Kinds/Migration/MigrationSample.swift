import Foundation
import Checkpoints
import Results
import Targets

/// What one migration gave: the client's downtime, the migration's own times and bytes, and
/// the state checks.
public struct MigrationSample: Sendable, Equatable {
    public var downtimeMilliseconds: Double
    public var run: MigrationRun
    /// Datagrams sent without a reply (during the downtime, mostly).
    public var lost: UInt64
    /// The service's counter in the last reply before the longest gap and the first after it.
    public var counterBefore: UInt64
    public var counterAfter: UInt64
    public var tcpSurvived: Bool?
    /// The longest gap's ends as the client received them (monotonic ns): the last reply
    /// before it and the first after it.
    public var gapStart: UInt64
    public var gapEnd: UInt64

    public init(downtimeMilliseconds: Double, run: MigrationRun, lost: UInt64, counterBefore: UInt64, counterAfter: UInt64,
                tcpSurvived: Bool?, gapStart: UInt64, gapEnd: UInt64) {
        self.downtimeMilliseconds = downtimeMilliseconds
        self.run = run
        self.lost = lost
        self.counterBefore = counterBefore
        self.counterAfter = counterAfter
        self.tcpSurvived = tcpSurvived
        self.gapStart = gapStart
        self.gapEnd = gapEnd
    }

    /// Where the client's downtime went, step by step (see `MigrationRun.downtimeSplit`).
    public var downtimeSplit: (steps: [(MigrationStepKind, Double)], outside: Double) {
        run.downtimeSplit(from: gapStart, to: gapEnd)
    }

    /// "dump 120 · transfer 830 · restore 410 · outside 3": the downtime split in whole ms.
    var downtimeSplitText: String {
        let split = downtimeSplit
        return (split.steps.map { "\($0.0.rawValue) \(Self.whole($0.1))" } + ["outside the steps \(Self.whole(split.outside))"])
            .joined(separator: " · ")
    }

    static func whole(_ milliseconds: Double) -> String { String(Int(milliseconds.rounded())) }

    static let columns = ["target", "strategy", "hosts", "MB touched", "downtime ms", "downtime split ms", "total ms"]
        + MigrationStepKind.allCases.map { "\($0.rawValue) ms" }
        + ["CRIU frozen+restore ms", "MB moved", "datagrams lost", "counter before → after", "memory checksum", "TCP connection"]
    static let tableNote = """
        Downtime: the longest gap between two replies the client saw (a datagram every 1 ms), on this host, or on a third \
        lab host for moves between lab hosts. Downtime split: the part of that gap inside each step (on the monotonic \
        clock every lab host of this machine shares); "outside the steps" is the gap before the first step began, \
        between steps, and after the steps until the first reply. \
        Steps: connect (before the freeze: the destination's ssh session and cbench), dump (freeze and dump; post-copy: \
        until CRIU's page server is ready), transfer (between hosts: until the archive is all in there), restore (from \
        then until the tree runs), network switch (the gratuitous ARP from the \
        destination), lazy pages done (post-copy: from the tree running to its last page in), finish source; n/a: a \
        step this target or strategy does not have, or whose parts the target does not report. \
        Total: the migration's steps from the first (connect) to the end of the source. CRIU: the dump's frozen time plus \
        the restore time from CRIU's statistics. MB moved: the checkpoint images copied (the rootfs copy is in the \
        time, not in the bytes). A migration whose state check failed is a failure, not a row.
        """

    func row(target: String, strategy: MigrationStrategy, hosts: MigrationHosts, megabytes: Int) -> [ResultValue] {
        let steps = run.stepMilliseconds
        let head: [ResultValue] = [.text(target), .text(strategy.rawValue), .text(hosts == .lab ? "lab1 → lab2" : "one"),
                                   .number(Double(megabytes)), .number(downtimeMilliseconds), .text(downtimeSplitText),
                                   .number(run.totalMilliseconds ?? 0)]
        let stepValues: [ResultValue] = MigrationStepKind.allCases.map { kind in steps[kind].map { .number($0) } ?? .text("n/a") }
        let frozen: ResultValue = run.frozenMilliseconds.map { .number($0) } ?? .text("n/a")
        let tcp = tcpSurvived.map { $0 ? "survived" : "lost" } ?? "not asked"
        let tail: [ResultValue] = [frozen, .number(Double(run.bytesMoved) / 1e6), .number(Double(lost)),
                                   .text("\(counterBefore) → \(counterAfter)"), .text("intact"), .text(tcp)]
        return head + stepValues + tail
    }
}
