import Testing
@testable import Scenarios

/// Counter grouping: every descriptor of one event (one per CPU for a cgroup, one per scope
/// when a step counts the runner and a daemon's cgroup) adds up to one metric.
struct PerfCountsTests {
    @Test func aReadingIsThreeWordsInHostOrder() throws {
        var bytes: [UInt8] = []
        for word in [UInt64(1_500_000), 2_000, 1_000] { withUnsafeBytes(of: word) { bytes += $0 } }
        let reading = try #require(PerfReading(bytes: bytes))
        #expect(reading == PerfReading(value: 1_500_000, enabled: 2_000, running: 1_000))
        #expect(PerfReading(bytes: Array(bytes.prefix(16))) == nil)
    }

    @Test func descriptorsOfOneEventAreSummedAndTaskClockIsInMilliseconds() {
        let counts = PerfCounts.combine([
            ("task-clock", PerfReading(value: 3_000_000, enabled: 10, running: 10)),
            ("task-clock", PerfReading(value: 1_500_000, enabled: 10, running: 10)),
            ("context-switches", PerfReading(value: 7, enabled: 10, running: 10)),
            ("context-switches", PerfReading(value: 5, enabled: 10, running: 10)),
            ("page-faults", PerfReading(value: 0, enabled: 0, running: 0)),
        ])
        #expect(counts == ["task-clock": 4.5, "context-switches": 12, "page-faults": 0])
    }

    @Test func aMultiplexedCounterIsScaledToItsEnabledTime() {
        #expect(PerfReading(value: 100, enabled: 4_000, running: 1_000).scaled == 400)
        #expect(PerfReading(value: 100, enabled: 4_000, running: 0).scaled == 100)
        #expect(PerfCounts.combine([("cycles", PerfReading(value: 100, enabled: 2, running: 1)),
                                    ("cycles", PerfReading(value: 50, enabled: 1, running: 1))]) == ["cycles": 250])
    }

    @Test func aCgroupIsCountedOnEveryOnlineCPU() {
        #expect(PerfCounterSet.onlineCPUs(text: "0-1\n") == [0, 1])
        #expect(PerfCounterSet.onlineCPUs(text: "0,2-4,7") == [0, 2, 3, 4, 7])
        #expect(PerfCounterSet.onlineCPUs(text: "") == [0])
    }

    @Test func aRefusedEventSaysWhy() {
        let reason = PerfCounterSet.refusal(2, scope: .cgroup("/sys/fs/cgroup/unified/cbench/x"))
        #expect(reason.contains("ENOENT"))
        #expect(reason.contains("does not offer the event"))
        #expect(reason.contains("cgroup /sys/fs/cgroup/unified/cbench/x"))
    }

    @Test func softwareEventsComeFirstAndCanBePicked() {
        #expect(PerfEvent.named(["page-faults", "task-clock"]).map(\.metric) == ["task-clock", "page-faults"])
        #expect(PerfEvent.all.filter(\.isSoftware).map(\.metric) == ["task-clock", "context-switches", "cpu-migrations", "page-faults"])
        #expect(PerfEvent.unit(of: "task-clock") == "ms")
        #expect(PerfEvent.unit(of: "cycles") == "count")
    }
}
