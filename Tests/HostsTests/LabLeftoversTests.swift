import Testing
@testable import Hosts
import NamespaceCore

@Suite struct LabLeftoversTests {
    @Test func labDownTakesTheLabsObjectsOnly() {
        let all = [
            Leftover(kind: .process, target: "10", evidence: "/sys/fs/cgroup/memory/cbench/lab/lab1", pid: 10, startTime: 1),
            Leftover(kind: .process, target: "11", evidence: "/sys/fs/cgroup/memory/cbench/oci-x", pid: 11, startTime: 1),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/lab/lab1/cbench/web", evidence: ""),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/lab", evidence: ""),
            Leftover(kind: .cgroup, target: "/sys/fs/cgroup/memory/cbench/labrador", evidence: ""),
            Leftover(kind: .networkNamespace, target: "/run/netns/cbench-lab3", evidence: ""),
            Leftover(kind: .networkNamespace, target: "/run/netns/cbench-oci1", evidence: ""),
            Leftover(kind: .link, target: "cbench-lab", evidence: ""),
            Leftover(kind: .link, target: "cbench0123abv0", evidence: ""),
            Leftover(kind: .temporaryPath, target: "/var/lib/cbench/lab", evidence: "ephemeral store"),
            Leftover(kind: .stateDirectory, target: "/run/cbench", evidence: ""),
        ]
        #expect(all.filter(LabLeftovers.isLab).map(\.target) == [
            "10", "/sys/fs/cgroup/memory/cbench/lab/lab1/cbench/web", "/sys/fs/cgroup/memory/cbench/lab",
            "/run/netns/cbench-lab3", "cbench-lab", "/var/lib/cbench/lab",
        ])
    }

    @Test func theCbenchParentGoesOnlyWhenTheLabWasAllItHeld() {
        let parent = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench", evidence: "")
        let lab = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench/lab", evidence: "")
        let other = Leftover(kind: .cgroup, target: "/sys/fs/cgroup/pids/cbench/oci-1", evidence: "")
        #expect(LabLeftovers.emptiedParents([lab, parent]) == [parent])
        #expect(LabLeftovers.emptiedParents([other, lab, parent]).isEmpty)
        #expect(LabLeftovers.emptiedParents([parent]).isEmpty)
    }
}
