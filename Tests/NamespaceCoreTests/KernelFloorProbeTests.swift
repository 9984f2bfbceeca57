import Foundation
import Testing
@testable import NamespaceCore

/// The probe's own logic through its start seam: one start per index, each with cgroups of
/// its own named for `cbench cleanup`, in both hierarchies or in the one that holds both.
struct KernelFloorProbeTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [(String, String?)] = []
        func append(_ memory: String, _ pids: String?) { lock.lock(); calls.append((memory, pids)); lock.unlock() }
        var all: [(String, String?)] { lock.lock(); defer { lock.unlock() }; return calls }
    }

    @Test func eachStartGetsCgroupsOfItsOwnThatCleanupKnows() {
        let calls = Calls()
        let probe = KernelFloorProbe(memoryMountPoint: "/sys/fs/cgroup/memory", pidsMountPoint: "/sys/fs/cgroup/pids") { memory, pids in
            calls.append(memory, pids)
            return KernelFloorStart(steps: [.clone: 1], totalMilliseconds: 1)
        }
        let starts = probe.measure(starts: 3)

        #expect(starts.count == 3)
        let memory = calls.all.map(\.0)
        #expect(Set(memory).count == 3)
        #expect(memory.allSatisfy { $0.hasPrefix("/sys/fs/cgroup/memory/cbench-floor-") })
        #expect(calls.all.allSatisfy { $0.1 == $0.0.replacingOccurrences(of: "/memory/", with: "/pids/") })
        let names = memory.compactMap { $0.split(separator: "/").last.map(String.init) }
        #expect(names.allSatisfy(CgroupPaths.isTopLevelProjectGroup))
    }

    @Test func aUnifiedHierarchyGetsOneCgroupPerStart() {
        let calls = Calls()
        let probe = KernelFloorProbe(memoryMountPoint: "/sys/fs/cgroup", pidsMountPoint: nil) { memory, pids in
            calls.append(memory, pids)
            return KernelFloorStart(steps: [:], totalMilliseconds: nil, failure: "clone: EPERM")
        }
        #expect(probe.measure(starts: 2).map(\.failure) == ["clone: EPERM", "clone: EPERM"])
        #expect(calls.all.allSatisfy { $0.1 == nil })
        #expect(probe.measure(starts: 0).isEmpty)
    }

    @Test func theStepsAreTheShimsInTheirOrder() {
        #expect(KernelFloorStep.allCases.map(\.shimIndex) == Array(0..<KernelFloorStep.allCases.count))
    }
}
