import Foundation
import Glibc
import NamespaceCore
import Testing

/// `app rm` and `app stop` of a container that has just ended return only once its detached
/// supervisor has removed the cgroup (in every hierarchy) and the run state, as `docker rm`
/// does; they wait for it rather than clean beside it and return while it still works (the
/// race that left `/sys/fs/cgroup/unified/cbench/app-*` behind for the final leak check).
/// The supervisor is held stopped after the container's process is killed, so the command
/// meets exactly that moment; it must be seen waiting on the supervisor (a pidfd of it).
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppSupervisorWaitTests {
    struct RunState: Decodable {
        let pid: Int32
        let supervisorPid: Int32
    }

    @Test(arguments: ["rm", "stop"])
    func commandWaitsForTheFinishingSupervisor(command: String) throws {
        let harness = try AppTestHarness("await")
        defer { harness.tearDown() }
        let name = harness.name("ended")
        let id = try harness.ok(["run", "-d", "--name", name, harness.image, "sleep", "1000"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stateData = try Data(contentsOf: URL(fileURLWithPath: "\(harness.runRoot)/\(id)/state.json"))
        let state = try JSONDecoder().decode(RunState.self, from: stateData)
        let supervisor = try #require(ContainerProcess(opening: state.supervisorPid), "no supervisor \(state.supervisorPid)")
        let container = try #require(ContainerProcess(opening: state.pid), "no container process \(state.pid)")
        try supervisor.signal(SIGSTOP)
        defer { try? supervisor.signal(SIGCONT) }
        // The container's process ends; its supervisor, stopped, has not yet cleaned up.
        try container.signal(SIGKILL)
        #expect(Self.waitReadable(container.pidfd, milliseconds: -1))

        let outPath = "\(harness.root)/.\(command)-out", errPath = "\(harness.root)/.\(command)-err"
        let running = try Spawn([harness.binary, "app", command, name], environment: harness.environment,
                                stdout: .file(outPath), stderr: .file(errPath)).start()
        let waiting = Self.untilHoldingPidfd(of: state.supervisorPid, in: running.pid)
        #expect(waiting, "cbench app \(command) returned while the supervisor of the ended container still had its cleanup to do")
        try supervisor.signal(SIGCONT)
        let outcome = try running.wait()
        #expect(outcome.status == 0, "cbench app \(command): \(outcome.stderr)")
        #expect(Self.waitReadable(supervisor.pidfd, milliseconds: 0), "the supervisor still runs after \(command) returned")
        let cgroupsAndRunState = harness.leftovers(ids: [id]).filter { $0.hasPrefix("cgroup") || $0.hasPrefix("run state") }
        #expect(cgroupsAndRunState.isEmpty)
        if command == "rm" {
            #expect(harness.leftovers(ids: [id]).isEmpty)
        } else {
            #expect(try harness.ok(["ps", "-a"]).contains("Exited (137)"))
        }
    }

    /// True once process `holder` has a pidfd of `target` open; false when `holder` exits first.
    static func untilHoldingPidfd(of target: Int32, in holder: Int32) -> Bool {
        guard let watched = ContainerProcess(opening: holder) else { return false }
        while !waitReadable(watched.pidfd, milliseconds: 5) {
            if holdsPidfd(of: target, in: holder) { return true }
        }
        return false
    }

    static func holdsPidfd(of target: Int32, in holder: Int32) -> Bool {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(holder)/fd")) ?? []
        return descriptors.contains { fd in
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(holder)/fd/\(fd)")) == "anon_inode:[pidfd]" else {
                return false
            }
            let info = (try? String(contentsOfFile: "/proc/\(holder)/fdinfo/\(fd)", encoding: .utf8)) ?? ""
            return info.split(separator: "\n").contains { $0.hasPrefix("Pid:") && $0.dropFirst(4).trimmingCharacters(in: .whitespaces) == String(target) }
        }
    }

    /// poll(2) on a pidfd: readable once the process has exited.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, milliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc > 0
        }
    }
}
