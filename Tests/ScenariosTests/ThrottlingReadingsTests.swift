import NamespaceCore
import Testing
@testable import Scenarios

/// Which cgroup's CFS counters the host's watch of a container keeps: the one whose quota ran,
/// at its last reading, even when another cgroup of the container outlives it.
struct ThrottlingReadingsTests {
    static let base = "/sys/fs/cgroup/cpu/cbench/engine-1"

    func reading(_ cgroup: String, _ periods: UInt64, _ throttled: UInt64) -> CgroupThrottling {
        CgroupThrottling(file: "\(Self.base)\(cgroup)/cpu.stat", periods: periods, throttledPeriods: throttled,
                         throttledMicroseconds: throttled * 60_000)
    }

    /// LXC: the payload cgroup holds the quota and goes first; lxc.pivot, with no quota, is all
    /// the last readings see (the 16:18 run judged that pivot). The payload's last reading stays.
    @Test func thePayloadsLastReadingOutlivesThePivot() {
        var readings = ThrottlingReadings()
        readings.record([reading("", 0, 0), reading("/lxc.payload.c1", 3, 2), reading("/lxc.monitor.c1", 0, 0)])
        readings.record([reading("", 0, 0), reading("/lxc.payload.c1", 20, 19), reading("/lxc.monitor.c1", 0, 0)])
        readings.record([reading("", 0, 0), reading("/lxc.pivot", 0, 0)])
        readings.record([])
        #expect(readings.quotaCgroup == reading("/lxc.payload.c1", 20, 19))
    }

    /// A container whose own cgroup holds the quota: its newest reading, not an older one.
    @Test func aCgroupsNewestReadingIsKept() {
        var readings = ThrottlingReadings()
        readings.record([reading("", 4, 1)])
        readings.record([reading("", 15, 14)])
        #expect(readings.quotaCgroup == reading("", 15, 14))
    }

    /// No quota anywhere: a reading with no period (the row says it cannot judge); nothing read: nil.
    @Test func noQuotaLeavesAReadingWithoutPeriodsAndNothingReadLeavesNone() {
        var readings = ThrottlingReadings()
        #expect(readings.quotaCgroup == nil)
        readings.record([reading("/lxc.pivot", 0, 0)])
        #expect(readings.quotaCgroup?.periods == 0)
    }
}
