import NamespaceCore
import Testing
@testable import OCIRuntime

/// `update`: runc's flags and Docker's full resources become the cgroup writes a live
/// container gets; nothing asked for is dropped silently.
@Suite struct ResourceUpdateTests {
    @Test func flagsBecomeResources() throws {
        var update = ResourceUpdate()
        for (flag, value) in [("memory", "64m"), ("memory-swap", "128M"), ("memory-reservation", "32mb"), ("pids-limit", "20"),
                              ("cpu-quota", "50000"), ("cpu-period", "100000"), ("cpu-share", "512"), ("cpuset-cpus", "0"),
                              ("blkio-weight", "300")] {
            try update.apply(flag: flag, value: value)
        }
        let resources = try update.cgroupResources()
        #expect(resources.memoryLimit == 64 << 20 && resources.memorySwapLimit == 128 << 20 && resources.memoryReservation == 32 << 20)
        #expect(resources.pidsLimit == 20 && resources.cpuQuota == 50000 && resources.cpuPeriod == 100_000 && resources.cpuShares == 512)
        #expect(resources.cpusetCpus == "0" && resources.blkioWeight == 300 && resources.devices.isEmpty)
    }

    @Test(arguments: [("1024", Int64(1024)), ("1k", Int64(1024)), ("2g", Int64(2) << 30), ("1.5m", Int64(1_572_864)),
                      ("-1", Int64(-1)), ("10KiB", Int64(10_240))])
    func sizesAreReadAsRuncReadsThem(text: String, bytes: Int64) throws {
        #expect(try ResourceUpdate.bytes(text, flag: "memory") == bytes)
    }

    @Test(arguments: ["", "m", "ten", "-2", "1q"])
    func badSizesNameTheFlag(text: String) {
        #expect(coreErrorText { try ResourceUpdate.bytes(text, flag: "memory") }?.hasPrefix("update --memory: EINVAL") == true)
    }

    @Test func dockersZeroFieldsAreLeftAlone() throws {
        let json = #"""
            {"memory":{"limit":67108864,"reservation":0,"swap":0,"kernel":0,"kernelTCP":0},
             "cpu":{"shares":0,"quota":0,"period":0,"realtimeRuntime":0,"realtimePeriod":0,"cpus":"","mems":""},
             "pids":{"limit":0},"blockIO":{"weight":0}}
            """#
        let update = ResourceUpdate(resources: try RuntimeSpec.decodeResources(Array(json.utf8), what: "stdin"))
        #expect(try update.cgroupResources() == CgroupResources(memoryLimit: 64 << 20, devices: []))
    }

    @Test func whatUpdateCannotApplyIsRefusedByName() throws {
        var update = ResourceUpdate()
        try update.apply(flag: "kernel-memory", value: "10m")
        #expect(coreErrorText { try update.cgroupResources() }?.contains("cannot apply memory.kernel") == true)
        #expect(coreErrorText { var other = ResourceUpdate(); try other.apply(flag: "memory-swappiness", value: "1") }?
            .hasPrefix("update --memory-swappiness: EINVAL") == true)
    }
}
