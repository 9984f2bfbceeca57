import Foundation
import Testing
@testable import NamespaceCore

/// The shrinker mark's arithmetic, the primer through its seams, and superblocks read from
/// mountinfo.
struct ShrinkerMarkTests {
    @Test func aMapHasOneUnitPerSixtyFourIdsRoundedUp() {
        #expect(ShrinkerMark.mapBytes(ids: 0) == 0)
        #expect(ShrinkerMark.mapBytes(ids: 1) == 1032)
        #expect(ShrinkerMark.mapBytes(ids: 64) == 1032)
        #expect(ShrinkerMark.mapBytes(ids: 65) == 2 * 1032)
        // After a ramp of 10,000 containers of 9 superblocks: about 1.4 MB per memory cgroup.
        #expect(ShrinkerMark.mapBytes(ids: 90_000) == 1407 * 1032)
    }

    @Test func theBurstIsTheRampsSuperblocksWithRoomToSpare() {
        #expect(ShrinkerMark.superblocksToPrime(superblocksPerContainer: 9, containers: 10_000) == 90_000 + 1_800)
        #expect(ShrinkerMark.superblocksToPrime(superblocksPerContainer: 7, containers: 20) == 140 + 256)
        #expect(ShrinkerMark.superblocksToPrime(superblocksPerContainer: 0, containers: 20) == 256)
    }

    @Test func eachChildHoldsWhatItsDescriptorLimitAllows() {
        let asked = AskedCounts()
        let primer = ShrinkerMarkPrimer(burst: { count, perChild in
            asked.append(count); asked.append(perChild)
            return (count, (count + perChild - 1) / perChild, nil)
        }, descriptorLimit: { 20_000 })
        let burst = primer.prime(superblocks: 92_000)
        #expect(asked.all == [92_000, 19_984])
        #expect(burst.made == 92_000 && burst.asked == 92_000 && burst.children == 5)
        #expect(burst.failure == nil)

        let short = ShrinkerMarkPrimer(burst: { count, _ in (count - 1, 1, "fsconfig create: ENOMEM (Cannot allocate memory)") },
                                       descriptorLimit: { nil }).prime(superblocks: 100)
        #expect(short.made == 99)
        #expect(short.failure == "fsconfig create: ENOMEM (Cannot allocate memory)")
    }

    @Test func aContainersSuperblocksAreTheDevicesItsMountinfoHasAndTheHostsLacks() {
        let host = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            23 22 0:21 / /proc rw shared:2 - proc proc rw
            24 22 0:22 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            """
        let container = """
            400 300 8:1 /var/lib/busybox / ro,relatime - ext4 /dev/sda1 rw
            401 400 0:310 / /proc rw - proc proc rw
            402 400 0:311 / /dev rw - tmpfs tmpfs rw
            403 402 0:312 / /dev/pts rw - devpts devpts rw
            404 402 0:313 / /dev/shm rw - tmpfs shm rw
            405 402 0:313 / /dev/mqueue-bind rw - tmpfs shm rw
            406 400 0:22 / /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory
            """
        #expect(SuperblockCensus.devices(inMountinfo: host) == ["8:1", "0:21", "0:22"])
        // proc, /dev, devpts and /dev/shm (bound twice, one superblock); the root and the
        // cgroup hierarchy are the host's.
        #expect(SuperblockCensus.newSuperblocks(container: container, host: host) == 4)
    }
}

final class AskedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int] = []
    func append(_ count: Int) { lock.lock(); counts.append(count); lock.unlock() }
    var all: [Int] { lock.lock(); defer { lock.unlock() }; return counts }
}
