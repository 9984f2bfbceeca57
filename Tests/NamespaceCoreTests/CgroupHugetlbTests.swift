import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// hugetlb limits go to hugetlb.SIZE.limit_in_bytes (v1) or hugetlb.SIZE.max (v2); the v1
/// hierarchy is used only by a cgroup that asks for them; a size the kernel lacks is reported
/// unenforced, and a name that is not a size is refused before anything is made.
@Suite struct CgroupHugetlbTests {
    static let twoMegabytes = CgroupResources(hugepageLimits: [CgroupHugepageLimit(pageSize: "2MB", limit: 4 << 20)])
    static let hugetlbMount = "/sys/fs/cgroup/hugetlb"

    /// This project's hybrid host: hugetlb bound to its own v1 hierarchy (make setup).
    static func hybridWithV1Hugetlb() throws -> (CgroupHost, FakeCgroupFS) {
        let (_, fs) = FakeCgroupFS.sampleHost(.hybrid)
        let mountinfo = FakeCgroupFS.sampleMountinfo(.hybrid)
            + "60 31 0:57 / \(hugetlbMount) rw,nosuid,nodev,noexec,relatime shared:40 - cgroup cgroup rw,hugetlb\n"
        fs.setFile("/proc/self/mountinfo", mountinfo)
        fs.setFile(hugetlbMount + "/cgroup.procs", "")
        // Bound to v1, hugetlb leaves the cgroup2 tree.
        fs.setFile("/sys/fs/cgroup/unified/cgroup.controllers", "")
        fs.setTemplate(mountPoint: hugetlbMount, files: [
            "cgroup.procs": "", "tasks": "", "hugetlb.2MB.limit_in_bytes": "9223372036854771712",
            "hugetlb.1GB.limit_in_bytes": "9223372036854771712",
        ])
        return (try CgroupHost.detect(fs: fs), fs)
    }

    @Test func v1LimitIsWrittenInTheHugetlbHierarchy() throws {
        let (host, fs) = try Self.hybridWithV1Hugetlb()
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.twoMegabytes, host: host)
        #expect(fs.writes(to: "\(Self.hugetlbMount)/cbench/oci-1/hugetlb.2MB.limit_in_bytes") == ["4194304"])
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
        #expect(cgroup.placement.taskFiles.contains("\(Self.hugetlbMount)/cbench/oci-1/tasks"))
        // delete finds it again and removes it there too
        let reopened = try Cgroup.open(path: "cbench/oci-1", host: host)
        try reopened.remove()
        #expect(!fs.isDirectory("\(Self.hugetlbMount)/cbench/oci-1"))
    }

    @Test func aCgroupWithoutHugepageLimitsStaysOutOfTheHugetlbHierarchy() throws {
        let (host, fs) = try Self.hybridWithV1Hugetlb()
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: 1 << 20), host: host)
        #expect(!fs.isDirectory("\(Self.hugetlbMount)/cbench/oci-1"))
        #expect(!cgroup.directories.contains { $0.hierarchy.version == .v1 && $0.hierarchy.has("hugetlb") })
        #expect(fs.isDirectory("/sys/fs/cgroup/memory/cbench/oci-1"))
    }

    @Test func aPageSizeTheKernelLacksIsReportedUnenforced() throws {
        let (host, fs) = try Self.hybridWithV1Hugetlb()
        let odd = CgroupResources(hugepageLimits: [CgroupHugepageLimit(pageSize: "64KB", limit: 1 << 20)])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: odd, host: host)
        #expect(cgroup.unsupportedOnThisMode == [.hugetlb])
        #expect(fs.writes(to: "\(Self.hugetlbMount)/cbench/oci-1/hugetlb.64KB.limit_in_bytes").isEmpty)
    }

    @Test func withoutAV1HugetlbHierarchyTheLimitIsReportedUnenforced() throws {
        // Debian's default hybrid layout: hugetlb sits in the cgroup2 tree, which only tracks.
        let (host, _) = FakeCgroupFS.sampleHost(.hybrid)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.twoMegabytes, host: host)
        #expect(cgroup.unsupportedOnThisMode == [.hugetlb])
    }

    @Test func v2WritesMaxAndEnablesTheController() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        fs.setTemplate(mountPoint: "/sys/fs/cgroup", files: [
            "cgroup.procs": "", "cgroup.controllers": "", "cgroup.subtree_control": "", "hugetlb.2MB.max": "max",
        ])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.twoMegabytes, host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/cbench/oci-1/hugetlb.2MB.max") == ["4194304"])
        #expect(fs.writes(to: "/sys/fs/cgroup/cgroup.subtree_control").contains("+hugetlb"))
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }

    @Test func aNameThatIsNotAPageSizeIsRefusedBeforeAnythingIsMade() throws {
        let (host, fs) = try Self.hybridWithV1Hugetlb()
        for bad in ["2M", "../../x", "MB", "2 MB", ""] {
            let resources = CgroupResources(hugepageLimits: [CgroupHugepageLimit(pageSize: bad, limit: 1)])
            #expect(throws: CoreError.self) { try Cgroup.create(path: "cbench/oci-1", resources: resources, host: host) }
        }
        #expect(!fs.operations.contains { if case .mkdir = $0 { return true } else { return false } })
    }

    @Test func kernelNamesOfPageSizes() {
        #expect(CgroupHugepageLimit.pageSizeNames(fromEntries: ["hugepages-1048576kB", "hugepages-2048kB", "other"]) == ["2MB", "1GB"])
        #expect(CgroupHugepageLimit.pageSizeName(kilobytes: 64) == "64KB")
        #expect(CgroupHugepageLimit.pageSizeName(kilobytes: 32768) == "32MB")
        #expect(CgroupHugepageLimit.isPageSizeName("16GB"))
        #expect(!CgroupHugepageLimit.isPageSizeName("2mb"))
    }
}
