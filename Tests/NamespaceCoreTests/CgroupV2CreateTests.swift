import Testing
@testable import NamespaceCore
import NamespaceCoreTesting

@Suite struct CgroupV2CreateTests {
    let root = "/sys/fs/cgroup"

    @Test func createsOneDirectoryAndEnablesControllersInAncestors() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: 1 << 20, cpusetCpus: "0"), host: host)
        #expect(cgroup.directories.map(\.path) == ["\(root)/cbench/oci-1"])
        #expect(fs.writes(to: "\(root)/cgroup.subtree_control") == ["+cpu", "+memory", "+pids", "+cpuset"])
        #expect(fs.writes(to: "\(root)/cbench/cgroup.subtree_control") == ["+cpu", "+memory", "+pids", "+cpuset"])
        #expect(fs.contents("\(root)/cbench/oci-1/cgroup.controllers") == "cpu memory pids cpuset")
        #expect(fs.writes(to: "\(root)/cbench/oci-1/cgroup.subtree_control").isEmpty, "the leaf holds tasks, not children")
    }

    @Test func alreadyEnabledControllersAreNotWrittenAgain() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        _ = try Cgroup.create(path: "cbench/oci-1", host: host)
        _ = try Cgroup.create(path: "cbench/oci-2", host: host)
        #expect(fs.writes(to: "\(root)/cbench/cgroup.subtree_control") == ["+cpu", "+memory", "+pids"])
    }

    @Test func writesV2FilesWithConvertedValues() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let resources = CgroupResources(memoryLimit: 64 << 20, memoryReservation: 16 << 20, memorySwapLimit: 96 << 20,
                                        pidsLimit: 20, cpuShares: 1024, cpuQuota: 25_000, cpuPeriod: 50_000,
                                        cpusetCpus: "0-1", cpusetMems: "0")
        _ = try Cgroup.create(path: "cbench/oci-1", resources: resources, host: host)
        let leaf = "\(root)/cbench/oci-1"
        #expect(fs.writes(to: "\(leaf)/memory.max") == ["67108864"])
        #expect(fs.writes(to: "\(leaf)/memory.low") == ["16777216"])
        #expect(fs.writes(to: "\(leaf)/memory.swap.max") == ["33554432"])
        #expect(fs.writes(to: "\(leaf)/pids.max") == ["20"])
        #expect(fs.writes(to: "\(leaf)/cpu.weight") == ["39"])
        #expect(fs.writes(to: "\(leaf)/cpu.max") == ["25000 50000"])
        #expect(fs.writes(to: "\(leaf)/cpuset.cpus") == ["0-1"])
        #expect(fs.writes(to: "\(leaf)/cpuset.mems") == ["0"])
    }

    @Test func sharesToWeightFollowsRuncAndCrun() {
        #expect(CgroupV2.weight(fromShares: 2) == 1)
        #expect(CgroupV2.weight(fromShares: 1024) == 39)
        #expect(CgroupV2.weight(fromShares: 262_144) == 10_000)
        #expect(CgroupV2.weight(fromShares: 512) == 20)
        #expect(CgroupV2.weight(fromShares: 1) == 1, "below the v1 minimum clamps")
        #expect(CgroupV2.weight(fromShares: 1_000_000) == 10_000, "above the v1 maximum clamps")
    }

    @Test func cpuMaxText() {
        #expect(CgroupV2.cpuMax(quota: 50_000, period: 100_000) == "50000 100000")
        #expect(CgroupV2.cpuMax(quota: -1, period: 100_000) == "max 100000")
        #expect(CgroupV2.cpuMax(quota: nil, period: 20_000) == "max 20000")
        #expect(CgroupV2.cpuMax(quota: 30_000, period: nil) == "30000")
        #expect(CgroupV2.cpuMax(quota: nil, period: nil) == nil)
    }

    @Test func memswBecomesSwapMax() throws {
        #expect(try CgroupV2.swapMax(memory: 100, memoryAndSwap: 300) == "200")
        #expect(try CgroupV2.swapMax(memory: 100, memoryAndSwap: 100) == "0")
        #expect(try CgroupV2.swapMax(memory: 100, memoryAndSwap: -1) == "max")
        #expect(try CgroupV2.swapMax(memory: 100, memoryAndSwap: nil) == nil)
        #expect(throws: CoreError.self) { try CgroupV2.swapMax(memory: nil, memoryAndSwap: 300) }
        #expect(throws: CoreError.self) { try CgroupV2.swapMax(memory: 400, memoryAndSwap: 300) }
    }

    @Test func anInexpressibleSwapLimitCreatesNothing() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        #expect(throws: CoreError.self) {
            try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: 200, memorySwapLimit: 100), host: host)
        }
        #expect(fs.operations.isEmpty)
    }

    @Test func devicesBecomeADeviceProgramOnV2() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let rules = [CgroupDeviceRule(allow: false), CgroupDeviceRule(allow: true, kind: .char, major: 1, minor: 3)]
        let cgroup = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(devices: rules), host: host)
        #expect(cgroup.unsupportedOnThisMode.isEmpty)
        #expect(fs.operations.last == .attachDeviceProgram("/sys/fs/cgroup/cbench/oci-1", rules: 2))
        #expect(!fs.operations.contains { if case .write(let path, _) = $0 { path.contains("devices") } else { false } })
    }

    @Test func noDeviceRulesNoProgram() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        _ = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(pidsLimit: 5), host: host)
        #expect(!fs.operations.contains { if case .attachDeviceProgram = $0 { true } else { false } })
    }

    @Test func unlimitedValuesAreMax() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        _ = try Cgroup.create(path: "cbench/oci-1", resources: CgroupResources(memoryLimit: -1, pidsLimit: -1), host: host)
        #expect(fs.writes(to: "\(root)/cbench/oci-1/memory.max") == ["max"])
        #expect(fs.writes(to: "\(root)/cbench/oci-1/pids.max") == ["max"])
    }

    @Test func addProcessWritesTheOneDirectory() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v2)
        let cgroup = try Cgroup.create(path: "cbench/oci-1", host: host)
        try cgroup.addProcess(77)
        #expect(fs.writes(to: "\(root)/cbench/oci-1/cgroup.procs") == ["77"])
        #expect(try cgroup.pids() == [77])
    }
}
