#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NamespaceCore
import Testing
@testable import Scenarios

/// A stack build's command stopped: SIGTERM to its process group, SIGKILL to the group when
/// it has not ended within the grace period, so a program that ignores SIGTERM cannot make the
/// stop wait for it (a stopped `cbench run` waited on `cbench app build` without bound).
struct StackCommandStopTests {
    /// The live processes whose process group is `group` (zombies left out).
    static func members(of group: pid_t) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = pid_t(entry), let stat = HostProcessStat.read(pid: pid), stat.state != "Z", getpgid(pid) == group else { return nil }
            return pid
        }
    }

    /// A shell in a group of its own with a child in the same group, both ignoring SIGTERM
    /// when `ignoring` (the trap is inherited by the sleep), started and running.
    static func startGroup(ignoring: Bool) throws -> pid_t {
        let script = (ignoring ? "trap '' TERM; " : "") + "sleep 1000 & wait"
        let process = try Spawn(["/bin/sh", "-c", script], stdout: .null, stderr: .null).start()
        for _ in 0..<200 where members(of: process.pid).count < 2 { usleep(10_000) }
        return process.pid
    }

    @Test func aGroupThatIgnoresSIGTERMIsKilledAfterTheGrace() throws {
        let leader = try Self.startGroup(ignoring: true)
        #expect(Self.members(of: leader).count == 2)
        #expect(StackCommand.end(group: leader, grace: 0.3))
        // The leader is reaped; the sleep, a child of the reaped shell, goes to init.
        for _ in 0..<100 where !Self.members(of: leader).isEmpty { usleep(10_000) }
        #expect(Self.members(of: leader).isEmpty, "left in the group: \(Self.members(of: leader))")
    }

    @Test func aGroupThatEndsOnSIGTERMIsNotKilled() throws {
        let leader = try Self.startGroup(ignoring: false)
        #expect(Self.members(of: leader).count == 2)
        #expect(!StackCommand.end(group: leader, grace: 30))
        for _ in 0..<100 where !Self.members(of: leader).isEmpty { usleep(10_000) }
        #expect(Self.members(of: leader).isEmpty, "left in the group: \(Self.members(of: leader))")
    }
}
