#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import Checkpoints
import NamespaceCore
import NamespaceCoreTesting
@testable import SystemContainers

/// A final dump's container is frozen by cbench before CRIU sees it (CRIU polls a FREEZING
/// v1 group in 100 ms steps): the freeze waits out FREEZING itself, and a freeze that never
/// completes is an error naming the stage, with the group thawed so the container runs on.
@Suite struct SystemDumpFreezeTests {
    static let state = "/sys/fs/cgroup/freezer/cbench/system-c1/freezer.state"

    @Test func aGroupStillFreezingIsFrozenBeforeTheDump() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/system-c1", host: host)
        let writes = Mutex(0)
        // The kernel answers FREEZING to the first write, as the lab moves' dump logs showed.
        fs.onWrite { path, value in
            guard path.hasSuffix("freezer.state"), value == "FROZEN" else { return [:] }
            return writes.withLock { $0 += 1; return $0 } == 1 ? [path: "FREEZING\n"] : [:]
        }
        try ContainerCheckpointer.freezeForDump(cgroup, stage: "checkpoint c1")
        #expect(fs.contents(Self.state)?.trimmingWhitespace() == "FROZEN")
        #expect(fs.writes(to: Self.state) == ["FROZEN", "FROZEN"])
    }

    @Test func aFreezeThatFailsThawsAndNamesTheStage() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/system-c1", host: host)
        // Never FROZEN: every write of FROZEN leaves the group FREEZING.
        fs.onWrite { path, value in
            guard path.hasSuffix("freezer.state"), value == "FROZEN" else { return [:] }
            return [path: "FREEZING\n"]
        }
        let error = try #require(throws: CoreError.self) { try ContainerCheckpointer.freezeForDump(cgroup, stage: "checkpoint c1") }
        #expect(error.stage == "checkpoint c1: freeze before the dump")
        #expect(error.errno == ETIMEDOUT)
        #expect(fs.writes(to: Self.state).last == "THAWED")
    }
}
