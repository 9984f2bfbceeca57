import Foundation
import Glibc
import NamespaceCore
import Testing

/// The real primer as root: children make the superblocks (never mounted) and exit, so the
/// mount table is as before and no process of it is left.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0, "needs root (fsopen needs CAP_SYS_ADMIN)"))
struct ShrinkerMarkPrimerTests {
    static func children() -> Set<Int32> {
        let me = getpid()
        return Set(((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid), stat.parentPid == me else { return nil }
            return pid
        })
    }

    @Test func aBurstHoldsItsSuperblocksAtOnceAndLeavesNothing() throws {
        let mountsBefore = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        let childrenBefore = Self.children()
        let burst = ShrinkerMarkPrimer.real.prime(superblocks: 25_000)

        #expect(burst.failure == nil)
        #expect(burst.made == 25_000 && burst.asked == 25_000)
        // More than one process may hold (the runner's hard RLIMIT_NOFILE here: 20,000).
        #expect(burst.children >= 25_000 / (ShrinkerMarkPrimer.real.descriptorLimit() ?? 25_000))
        #expect(try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) == mountsBefore)
        #expect(Self.children().subtracting(childrenBefore).isEmpty)
        // Every namespace's superblocks together: at least this process's own.
        #expect((SuperblockCensus.mountedOnHost() ?? 0) >= SuperblockCensus.devices(inMountinfo: mountsBefore).count)
    }
}
