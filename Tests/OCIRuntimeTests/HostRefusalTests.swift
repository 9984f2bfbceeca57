import Foundation
import Testing
import NamespaceCore
@testable import OCIRuntime

/// A host with the given LSMs, cgroup layout and resctrl; counts what was asked.
final class FakeHostSupport: HostSupport, @unchecked Sendable {
    let modules: [String]
    let layout: CgroupLayout?
    let resctrl: Bool
    let pageSizes: [String]
    private(set) var questions = 0

    init(modules: [String] = [], layout: CgroupLayout? = FakeHostSupport.hybrid(), resctrl: Bool = false,
         pageSizes: [String] = ["2MB", "1GB"]) {
        self.modules = modules
        self.layout = layout
        self.resctrl = resctrl
        self.pageSizes = pageSizes
    }

    func securityModules() -> [String] { questions += 1; return modules }
    func cgroupLayout() -> CgroupLayout? { questions += 1; return layout }
    func hasResctrl() -> Bool { questions += 1; return resctrl }
    func hugepageSizes() -> [String] { questions += 1; return pageSizes }

    /// This machine's shape: v1 controllers without net_cls/net_prio, a cgroup2 tree beside.
    static func hybrid(extra: [String] = []) -> CgroupLayout {
        let v1 = (["memory", "cpu", "blkio", "pids"] + extra).map {
            CgroupHierarchy(version: .v1, mountPoint: "/sys/fs/cgroup/\($0)", controllers: [$0])
        }
        return CgroupLayout(mode: .hybrid, v1Hierarchies: v1,
                            unified: CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup/unified", controllers: []))
    }

    static let pureV2 = CgroupLayout(mode: .v2, v1Hierarchies: [],
                                     unified: CgroupHierarchy(version: .v2, mountPoint: "/sys/fs/cgroup", controllers: ["memory", "io"]))
}

@Suite struct HostRefusalTests {
    private func refusals(_ host: FakeHostSupport = FakeHostSupport(), _ change: (inout RuntimeSpec) throws -> Void) rethrows -> [String] {
        var spec = RuntimeSpec.defaultSpec()
        try change(&spec)
        return spec.hostRefusals(on: host).map(\.description)
    }

    private func resources(_ json: String) throws -> RuntimeSpec.Resources {
        try JSONDecoder().decode(RuntimeSpec.Resources.self, from: Data(json.utf8))
    }

    @Test func aPlainConfigAsksTheHostNothing() {
        let host = FakeHostSupport()
        #expect(refusals(host) { _ in }.isEmpty)
        #expect(host.questions == 0)
    }

    @Test func appArmorProfileWithoutAppArmorIsRefusedByName() {
        let found = refusals { $0.process?.apparmorProfile = "docker-default" }
        #expect(found == ["process.apparmorProfile cannot be honoured: apparmor is not active on this host (/sys/kernel/security/lsm lists no confining module); drop the setting"])
    }

    @Test func selinuxLabelsWithoutSELinuxAreRefused() {
        let found = refusals(FakeHostSupport(modules: ["apparmor"])) {
            $0.process?.selinuxLabel = "system_u:system_r:container_t:s0"
            $0.linux?.mountLabel = "system_u:object_r:container_file_t:s0"
        }
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("process.selinuxLabel cannot be honoured: selinux is not active on this host (/sys/kernel/security/lsm lists apparmor)"))
        #expect(found[1].hasPrefix("linux.mountLabel cannot be honoured"))
    }

    @Test func anActiveModuleIsStillRefusedBecauseNoPolicyIsApplied() {
        let found = refusals(FakeHostSupport(modules: ["apparmor"])) { $0.process?.apparmorProfile = "p" }
        #expect(found == ["process.apparmorProfile cannot be honoured: cbench-oci does not apply apparmor policy; drop the setting or use runc"])
    }

    @Test func netClsAndNetPrioNeedTheirHierarchies() throws {
        let network = try resources(#"{"network": {"classID": 1048577, "priorities": [{"name": "lo", "priority": 2}]}}"#)
        let unmounted = refusals { $0.linux?.resources = network }
        #expect(unmounted == [
            "linux.resources.network.classID cannot be honoured: the net_cls cgroup controller is not mounted on this host; mount it (mount -t cgroup -o net_cls cgroup /sys/fs/cgroup/net_cls) or drop the setting",
            "linux.resources.network.priorities cannot be honoured: the net_prio cgroup controller is not mounted on this host; mount it (mount -t cgroup -o net_prio cgroup /sys/fs/cgroup/net_prio) or drop the setting",
        ])
        let onV2 = refusals(FakeHostSupport(layout: FakeHostSupport.pureV2)) { $0.linux?.resources = network }
        #expect(onV2.first?.contains("cgroup v2 has no net_cls controller") == true)
    }

    @Test func kernelMemoryIsRefusedEverywhere() throws {
        let memory = try resources(#"{"memory": {"kernel": 104857600}}"#)
        let found = refusals { $0.linux?.resources = memory }
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("linux.resources.memory.kernel cannot be honoured: kernel memory limits are deprecated"))
    }

    @Test func blockIOThrottlesAreRefusedButTheWeightIsLeftToTheCgroup() throws {
        let weightOnly = try resources(#"{"blockIO": {"weight": 500}}"#)
        let weightRefusals = refusals { $0.linux?.resources = weightOnly }
        #expect(weightRefusals.isEmpty)
        #expect(try RuntimeSpec.defaultSpec().with(weightOnly).cgroupResources().blkioWeight == 500)
        let throttled = try resources(#"{"blockIO": {"throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}]}}"#)
        let throttleRefusals = refusals { $0.linux?.resources = throttled }
        #expect(throttleRefusals.first?.hasPrefix("linux.resources.blockIO cannot be honoured") == true)
    }

    @Test func v1OnlyMemorySettingsAreRefusedOnV2AndLeftToTheCgroupOnV1() throws {
        let memory = try resources(#"{"memory": {"swappiness": 10, "disableOOMKiller": true, "kernelTCP": 1048576}}"#)
        let onV1 = refusals { $0.linux?.resources = memory }
        #expect(onV1.isEmpty)
        let onV2 = refusals(FakeHostSupport(layout: FakeHostSupport.pureV2)) { $0.linux?.resources = memory }
        #expect(onV2.map { String($0.prefix { $0 != " " }) } == [
            "linux.resources.memory.swappiness", "linux.resources.memory.disableOOMKiller", "linux.resources.memory.kernelTCP",
        ])
        let spec = RuntimeSpec.defaultSpec().with(memory)
        #expect(spec.requiredCgroupFeatures().map(\.feature) == [.memorySwappiness, .oomKillDisable, .kernelTCP])
        let converted = try spec.cgroupResources()
        #expect(converted.memorySwappiness == 10 && converted.disableOOMKiller && converted.kernelTCPLimit == 1_048_576)
    }

    @Test func aHugePageSizeTheHostLacksIsRefusedByName() throws {
        let limits = try resources(#"{"hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}, {"pageSize": "3MB", "limit": 1}]}"#)
        let found = refusals { $0.linux?.resources = limits }
        #expect(found == ["linux.resources.hugepageLimits[1].pageSize '3MB' is not a huge page size of this host (it has 2MB, 1GB); use one of those"])
        let noHugetlbfs = refusals(FakeHostSupport(pageSizes: [])) { $0.linux?.resources = limits }
        #expect(noHugetlbfs.count == 2 && noHugetlbfs[0].contains("(it has none: no hugetlbfs support)"))
        let spec = RuntimeSpec.defaultSpec().with(limits)
        #expect(spec.requiredCgroupFeatures().map(\.feature) == [.hugetlb])
        #expect(try spec.cgroupResources().hugepageLimits == [CgroupHugepageLimit(pageSize: "2MB", limit: 4_194_304),
                                                               CgroupHugepageLimit(pageSize: "3MB", limit: 1)])
    }

    @Test func hugepageLimitsWithoutAHugetlbHierarchyNameTheFix() {
        #expect(RuntimeSpec.missingFileReason(.hugetlb, mode: .hybrid).contains("mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb"))
        #expect(RuntimeSpec.missingFileReason(.hugetlb, mode: .v2).contains("does not offer the hugetlb controller"))
    }

    @Test func realtimeCPUBudgetsAreRefusedNotDropped() throws {
        let cpu = try resources(#"{"cpu": {"realtimeRuntime": 1000, "realtimePeriod": 1000000}}"#)
        let found = refusals { $0.linux?.resources = cpu }
        #expect(found.map { String($0.prefix { $0 != " " }) } == ["linux.resources.cpu.realtimeRuntime", "linux.resources.cpu.realtimePeriod"])
        #expect(found.allSatisfy { $0.contains("cbench-oci does not apply realtime CPU budgets") })
    }

    @Test func intelRdtIsRefused() throws {
        let found = try refusals { $0.linux?.intelRdt = try JSONDecoder().decode(RuntimeSpec.IntelRdt.self, from: Data(#"{"l3CacheSchema": "L3:0=f"}"#.utf8)) }
        #expect(found == ["linux.intelRdt cannot be honoured: Intel RDT is not enabled here (no resctrl at /sys/fs/resctrl); drop the setting"])
    }

    @Test func aMissingWeightFileIsRefusedAfterTheCgroupIsMade() throws {
        let spec = RuntimeSpec.defaultSpec().with(try resources(#"{"blockIO": {"weight": 500}}"#))
        #expect(spec.requiredCgroupFeatures().map(\.setting) == ["linux.resources.blockIO.weight"])
        #expect(RuntimeSpec.missingFileReason(.blkioWeight, mode: .hybrid).contains("neither blkio.weight nor blkio.bfq.weight"))
    }
}

extension RuntimeSpec {
    func with(_ resources: Resources) -> RuntimeSpec {
        var copy = self
        copy.linux?.resources = resources
        return copy
    }
}
