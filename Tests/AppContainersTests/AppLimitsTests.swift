#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Testing
@testable import AppContainers

/// docker's checks of the resource flags.
@Suite struct AppLimitsTests {
    @Test func memoryBelowSixMegabytesIsRefused() throws {
        let small = AppContainerConfig(image: "busybox", memoryBytes: (6 << 20) - 1)
        #expect { try small.validateLimits() } throws: { error in
            (error as? CoreError)?.errno == EINVAL && "\(error)".contains("6 MB")
        }
        try AppContainerConfig(image: "busybox", memoryBytes: 6 << 20).validateLimits()
        try AppContainerConfig(image: "busybox").validateLimits()
    }

    @Test(arguments: [Int64(-1), 0])
    func minusOneAndZeroPidsMeanUnlimited(limit: Int64) throws {
        let config = AppContainerConfig(image: "busybox", pidsLimit: limit)
        try config.validateLimits()
        #expect(config.effectivePidsLimit == nil)
        let record = AppContainerRecord(id: String(repeating: "a", count: 64), name: "x", created: "now", config: config,
                                        image: TemporaryAppStore.image)
        #expect(record.cgroupResources.pidsLimit == nil)
    }

    @Test func aPositivePidsLimitIsKeptAndBelowMinusOneIsRefused() throws {
        #expect(AppContainerConfig(image: "busybox", pidsLimit: 50).effectivePidsLimit == 50)
        #expect(throws: CoreError.self) { try AppContainerConfig(image: "busybox", pidsLimit: -2).validateLimits() }
        #expect(throws: CoreError.self) { try AppContainerConfig(image: "busybox", cpus: 0).validateLimits() }
    }
}
