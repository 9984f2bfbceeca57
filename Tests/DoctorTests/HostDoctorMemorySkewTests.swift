@testable import Doctor
import NamespaceCore
import Testing

@Suite struct HostDoctorMemorySkewTests {
    static let kdamond = DamonKdamond(index: 0, state: "on", pid: 83, contexts: [.init(operations: "paddr", actions: ["pageout"])],
                                      cpuSeconds: 12.5)

    @Test func aRunningKdamondIsAWarningThatNamesWhatItDoes() throws {
        let checks = HostDoctor.memorySkewChecks(HostMemorySkew(kdamonds: [Self.kdamond],
                                                                memoryCgroups: MemoryCgroupCensus(kernelCount: 120, liveDirectories: 100),
                                                                emptyMemoryCgroupBytes: 1_433_600))
        let damon = try #require(checks.first { $0.name == "DAMON" })
        #expect(damon.status == .warn)
        #expect(damon.detail.hasPrefix("kdamond 0 on (pid 83, 12.5 s CPU): paddr pageout"))
        let cgroups = try #require(checks.first { $0.name == "memory cgroups" })
        #expect(cgroups.status == .ok)
        #expect(cgroups.detail.hasPrefix("100 live, 20 removed but not yet freed; an empty one costs 1400.0 kB of slab now"))
    }

    @Test func noKdamondAndManyRemovedCgroups() throws {
        let stopped = DamonKdamond(index: 0, state: "off")
        let checks = HostDoctor.memorySkewChecks(HostMemorySkew(kdamonds: [stopped],
                                                                memoryCgroups: MemoryCgroupCensus(kernelCount: 5_100, liveDirectories: 90)))
        #expect(checks.first { $0.name == "DAMON" }?.status == .ok)
        let cgroups = try #require(checks.first { $0.name == "memory cgroups" })
        #expect(cgroups.status == .warn)
        #expect(cgroups.detail.contains("5010 removed but not yet freed; an empty one's cost not measured (root only)"))
        #expect(cgroups.fix?.contains("drop_caches") == true)
    }

    @Test func anUnreadableHierarchyIsSaid() {
        let checks = HostDoctor.memorySkewChecks(HostMemorySkew())
        #expect(checks.map(\.name) == ["DAMON", "memory cgroups"])
        #expect(checks.last?.status == .warn)
    }

    @Test func theChecksJoinTheDoctorsListOnlyWhenProbed() {
        let facts = HostFacts(kernelRelease: "6.18.0", distribution: nil, cgroups: HostCgroupLayout(mode: .none, hierarchies: []),
                              limits: HostLimits(), namespaces: [], filesystems: [], seccompAvailable: true, effectiveCapabilities: nil)
        var probes = DoctorProbes(userNamespaceWorks: true, criuCheckOutput: nil, subuid: nil, subgid: nil, busyboxRootfs: "/b",
                                  busyboxPresent: true, probePath: nil)
        #expect(!HostDoctor.evaluate(facts: facts, tools: [], perf: nil, probes: probes).contains { $0.name == "DAMON" })
        probes.memorySkew = HostMemorySkew(kdamonds: [Self.kdamond])
        #expect(HostDoctor.evaluate(facts: facts, tools: [], perf: nil, probes: probes).contains { $0.name == "DAMON" })
    }
}
