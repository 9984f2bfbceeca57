#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
import Testing

/// Project cgroups at a hierarchy's root (`cbench-…`, app containers' own): made without the
/// shared `cbench` parent, removed whole, and found by the leftover listing beside the parent.
@Suite struct CgroupTopLevelGroupTests {
    @Test func onlyDashedProjectNamesCountAsTopLevelGroups() {
        #expect(CgroupPaths.isTopLevelProjectGroup("cbench-app-0123456789ab"))
        #expect(!CgroupPaths.isTopLevelProjectGroup("cbench"))
        #expect(!CgroupPaths.isTopLevelProjectGroup("cbench-"))
        #expect(!CgroupPaths.isTopLevelProjectGroup("cbenchx"))
        #expect(!CgroupPaths.isTopLevelProjectGroup("system.slice"))
        #expect(CgroupPaths.isBelowProjectParent("cbench/oci-1"))
        #expect(!CgroupPaths.isBelowProjectParent("cbench-app-1"))
        #expect(!CgroupPaths.isBelowProjectParent("cbench"))
    }

    @Test(arguments: [CgroupMode.v1, .hybrid, .v2])
    func aTopLevelGroupMakesNoParentAndGoesWhole(_ mode: CgroupMode) throws {
        let (host, fs) = FakeCgroupFS.sampleHost(mode)
        let cgroup = try Cgroup.create(path: "cbench-app-1", host: host)
        let made = fs.operations.compactMap { if case .mkdir(let path) = $0 { path } else { nil } }
        #expect(!made.isEmpty)
        #expect(made.allSatisfy { $0.hasSuffix("/cbench-app-1") }, "no cbench parent: \(made)")
        #expect(Set(Cgroup.leftovers(host: host)) == Set(made))
        try cgroup.remove()
        #expect(Cgroup.leftovers(host: host).isEmpty)
    }

    @Test func leftoversListTopLevelGroupsDeepestFirstBesideTheParentAndNothingElse() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        _ = try Cgroup.create(path: "cbench-app-2", host: host)
        fs.addDirectory("/sys/fs/cgroup/unified/cbench-app-2/init.scope")
        for foreign in ["system.slice", "cbenchx", "cbench-"] { fs.addDirectory("/sys/fs/cgroup/memory/\(foreign)") }
        let found = Cgroup.leftovers(host: host)
        #expect(found.contains("/sys/fs/cgroup/memory/cbench-app-2"))
        #expect(found.contains("/sys/fs/cgroup/memory/cbench/oci-1"))
        let scope = try #require(found.firstIndex(of: "/sys/fs/cgroup/unified/cbench-app-2/init.scope"))
        let group = try #require(found.firstIndex(of: "/sys/fs/cgroup/unified/cbench-app-2"))
        #expect(scope < group)
        #expect(!found.contains { $0.hasSuffix("/system.slice") || $0.hasSuffix("/cbenchx") || $0.hasSuffix("/cbench-") })
    }
}
