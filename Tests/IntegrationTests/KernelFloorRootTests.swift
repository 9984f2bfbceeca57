import Foundation
import Glibc
import NamespaceCore
import Testing

/// The real bare start as root: every step runs, and nothing of it stays (no child, no
/// cgroup, no mount of the runner's).
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0, "needs root (namespaces, cgroups, mounts)"))
struct KernelFloorRootTests {
    @Test func bareStartsRunEveryStepAndLeaveNothing() throws {
        let probe = try #require(KernelFloorProbe.real())
        let mountsBefore = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        let childrenBefore = ShrinkerMarkPrimerTests.children()
        let starts = probe.measure(starts: 5)

        #expect(starts.count == 5)
        for start in starts {
            #expect(start.failure == nil)
            #expect(Set(start.steps.keys) == Set(KernelFloorStep.allCases), "\(start.steps)")
            let total = try #require(start.totalMilliseconds)
            // The whole holds its steps (each timed inside it).
            #expect(start.steps.values.reduce(0, +) <= total + 0.001)
        }
        #expect(try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) == mountsBefore)
        #expect(ShrinkerMarkPrimerTests.children().subtracting(childrenBefore).isEmpty)
        for mountPoint in [probe.memoryMountPoint] + (probe.pidsMountPoint.map { [$0] } ?? []) {
            let left = try FileManager.default.contentsOfDirectory(atPath: mountPoint).filter { $0.hasPrefix(KernelFloorProbe.namePrefix) }
            #expect(left.isEmpty, "\(mountPoint): \(left)")
        }
    }
}
