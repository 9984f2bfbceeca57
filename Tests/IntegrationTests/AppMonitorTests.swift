import Foundation
import NamespaceCore
import Testing

/// The one cbench-monitor that waits for every detached container of a run root: containers
/// share it, each one's end is recorded in its own store, and it leaves with the last one,
/// taking its socket, its lock and the run root with it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available && CompanionLocator.monitor.locate() != nil,
                             "needs root, a built cbench and cbench-monitor, and the busybox rootfs"))
struct AppMonitorTests {
    static let stoppable = "trap 'exit 5' TERM; while true; do sleep 0.1; done"

    @Test func detachedContainersShareOneMonitorThatLeavesWithTheLast() throws {
        let harness = try AppTestHarness("monitor")
        defer { harness.tearDown() }
        let first = harness.name("one"), second = harness.name("two")
        try harness.ok(["run", "-d", "--name", first, harness.image, "sleep", "1000"])
        try harness.ok(["run", "-d", "--name", second, harness.image, "sh", "-c", Self.stoppable])
        let monitors = Self.monitors(of: harness.runRoot)
        #expect(monitors.count == 1, "\(monitors)")

        try harness.ok(["kill", first])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (137)"))
        #expect(Self.monitors(of: harness.runRoot) == monitors, "the monitor stays for the other container")
        #expect(try harness.ok(["ps"]).contains(second))

        try harness.ok(["stop", second])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (5)"))
        #expect(Self.monitors(of: harness.runRoot).isEmpty)
        #expect(access(harness.runRoot, F_OK) != 0, "the monitor removed its socket, its lock and the run root")
        #expect(harness.leftovers().filter { !$0.hasPrefix("container") && !$0.hasPrefix("name") }.isEmpty)

        // A start afterwards finds no monitor and starts a new one.
        try harness.ok(["start", second])
        #expect(Self.monitors(of: harness.runRoot).count == 1)
        try harness.ok(["rm", "-f", second])
        #expect(Self.monitors(of: harness.runRoot).isEmpty)
    }

    @Test func storesSharingARunRootEachRecordTheirOwnContainersEnd() throws {
        let one = try AppTestHarness("monitor-a")
        defer { one.tearDown() }
        var other = try AppTestHarness("monitor-b")
        defer { other.tearDown() }
        other.environmentOverrides["CBENCH_APP_RUN"] = one.runRoot
        let name = one.name("a"), otherName = other.name("b")
        try one.ok(["run", "-d", "--name", name, one.image, "sh", "-c", Self.stoppable])
        try other.ok(["run", "-d", "--name", otherName, other.image, "sh", "-c", Self.stoppable])
        #expect(Self.monitors(of: one.runRoot).count == 1)

        // The monitor was started for the first store; the second one's end lands in its own.
        try other.ok(["stop", otherName])
        #expect(try other.ok(["ps", "-a"]).contains("Exited (5)"))
        #expect(try one.ok(["ps"]).contains(name))
        try one.ok(["stop", name])
        #expect(try one.ok(["ps", "-a"]).contains("Exited (5)"))
        #expect(Self.monitors(of: one.runRoot).isEmpty)
    }

    /// Live monitors listening in `runRoot`.
    static func monitors(of runRoot: String) -> [Int32] {
        DensityLeftovers.allMonitors().filter { $0.arguments.contains(runRoot + "/monitor.sock") }.map(\.pid)
    }
}
