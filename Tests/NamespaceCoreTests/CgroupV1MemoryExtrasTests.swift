import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

/// swappiness, the OOM-killer switch and the TCP buffer limit exist on v1 only; a missing file
/// is reported unenforced (the OCI layer refuses it), never skipped in silence.
@Suite struct CgroupV1MemoryExtrasTests {
    static let extras = CgroupResources(memorySwappiness: 10, disableOOMKiller: true, kernelTCPLimit: 1 << 20)

    @Test func writtenWhereTheFilesExist() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        fs.setTemplate(mountPoint: "/sys/fs/cgroup/memory", files: [
            "cgroup.procs": "", "memory.swappiness": "60", "memory.oom_control": "oom_kill_disable 0\n",
            "memory.kmem.tcp.limit_in_bytes": "9223372036854771712",
        ])
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: Self.extras, host: host)
        let memory = "/sys/fs/cgroup/memory/cbench/oci-1"
        #expect(fs.writes(to: "\(memory)/memory.swappiness") == ["10"])
        #expect(fs.writes(to: "\(memory)/memory.oom_control") == ["1"])
        #expect(fs.writes(to: "\(memory)/memory.kmem.tcp.limit_in_bytes") == ["1048576"])
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
    }

    @Test func missingFilesAreReportedUnenforced() throws {
        let (host, _) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memorySwappiness: 10, kernelTCPLimit: 1), host: host)
        #expect(cgroup.unsupportedOnThisMode == [.memorySwappiness, .kernelTCP])
    }
}
