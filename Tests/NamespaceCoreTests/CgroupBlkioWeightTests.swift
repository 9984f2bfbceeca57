import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// The block I/O weight goes to blkio.weight (CFQ) or blkio.bfq.weight (BFQ), or is reported
/// unenforced when the host has neither, for the OCI layer to refuse.
@Suite struct CgroupBlkioWeightTests {
    static let weighted = CgroupResources(blkioWeight: 500)

    @Test func cfqWeightFileIsPreferred() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.setTemplate(mountPoint: "/sys/fs/cgroup/blkio", files: ["cgroup.procs": "", "blkio.weight": "500", "blkio.bfq.weight": "100"])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.weighted, host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/blkio/cbench/oci-1/blkio.weight") == ["500"])
        #expect(fs.writes(to: "/sys/fs/cgroup/blkio/cbench/oci-1/blkio.bfq.weight").isEmpty)
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }

    @Test func bfqWeightIsTheFallback() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.setTemplate(mountPoint: "/sys/fs/cgroup/blkio", files: ["cgroup.procs": "", "blkio.bfq.weight": "100"])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.weighted, host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/blkio/cbench/oci-1/blkio.bfq.weight") == ["500"])
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }

    @Test func neitherFileIsReportedUnenforcedAndNothingIsWritten() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.weighted, host: host)
        #expect(cgroup.unsupportedOnThisMode == [.blkioWeight])
        #expect(!fs.operations.contains { if case .write(let path, _) = $0 { return path.contains("weight") } else { return false } })
    }

    @Test func v2ScalesOntoIOWeight() throws {
        #expect(CgroupV2.ioWeight(fromBlkio: 10) == 1)
        #expect(CgroupV2.ioWeight(fromBlkio: 1000) == 10_000)
        #expect(CgroupV2.ioWeight(fromBlkio: 500) == 4950)
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        fs.setTemplate(mountPoint: "/sys/fs/cgroup", files: ["cgroup.procs": "", "cgroup.subtree_control": "", "io.weight": "default 100"])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.weighted, host: host)
        #expect(fs.writes(to: "/sys/fs/cgroup/cbench/oci-1/io.weight") == ["default 4950"])
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }
}
