import Foundation
import Glibc
import NamespaceCore

/// An OCI runtime driven through its CLI on a generated bundle: crun, runc, or the built
/// `cbench-oci` binary (which then pays its own process start-up, like the others).
/// Every call gets `--root <stateRoot>/<name>`, so this run's containers are all in one place.
public struct OCICLITarget: MeasuredWorkloadTarget {
    public let name: String
    /// Command name or absolute path of the runtime binary.
    public let executable: String
    public let context: TargetContext
    /// A note on how to fix an unavailable runtime (crun's hybrid cgroup problem).
    public let hint: String?
    let environment: [String: String]

    public init(name: String, executable: String, context: TargetContext, hint: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.name = name
        self.executable = executable
        self.context = context
        self.hint = hint
        self.environment = environment
    }

    /// Checkpoint and restore where the runtime has CRIU support (runc here; crun 1.8 lacks it).
    public var operations: Set<TargetOperation> {
        let base: Set<TargetOperation> = [.create, .start, .stop, .delete, .run]
        return checkpointSupport().isSupported ? base.union([.checkpoint, .restore]) : base
    }

    public var stateRoot: String { "\(context.stateRoot)/\(name)" }

    public var workloadTraits: WorkloadTraits { OCIBundle.workloadTraits }

    /// The runtime with ARGUMENTS on this target's state root.
    func command(_ arguments: [String], stdout: Spawn.Output = .capture, stderr: Spawn.Output = .capture) -> Spawn {
        Spawn([executable, "--root", stateRoot] + arguments, stdout: stdout, stderr: stderr)
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        try OCIBundle.prepare(workload, id: id, in: context)
    }

    /// create, start, exit, delete: four phases on the monotonic clock.
    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try runKeeping(container)
        run.phases.append(try timed("delete") { try checked(["delete", container.id], container) })
        return run
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try createAndStart(container)
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        return run
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        var run = ContainerRun()
        run.phases.append(try timed("stop") {
            try checked(["kill", container.id, "KILL"], container)
            if let pid = readPid(container) { _ = try waitForExit(pid: pid, container: container) }
        })
        run.phases.append(try timed("delete") { try checked(["delete", container.id], container) })
        return run
    }

    public func cleanup(_ container: PreparedContainer) {
        _ = try? command(["delete", "--force", container.id]).run()
        if let pid = readPid(container) {
            // A container whose runtime state is gone but whose init came back to us.
            _ = Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
        Cgroup.removeAbandoned(path: container.cgroupPath)
        MigrationNamespace.remove(for: container)
        OCIBundle.release(container)
    }

    func createAndStart(_ container: PreparedContainer) throws -> ContainerRun {
        var run = ContainerRun()
        run.phases.append(try timed("create") {
            let outcome = try command(["create", "--bundle", container.bundle, "--pid-file", container.pidFilePath, container.id],
                                      stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) create \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        })
        run.phases.append(try timed("start") { try checked(["start", container.id], container) })
        return run
    }

    private func checked(_ arguments: [String], _ container: PreparedContainer) throws {
        let outcome = try command(arguments).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) \(arguments.joined(separator: " "))",
                            detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
        }
    }

    func readPid(_ container: PreparedContainer) -> Int32? {
        guard let bytes = try? FileIO.read(container.pidFilePath, limit: 64) else { return nil }
        return Int32(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The container's init came back to the runner (a subreaper) when `create` exited, so it
    /// is reaped here; if it is not our child (no subreaper), liveness is polled instead.
    func waitForExit(pid: Int32, container: PreparedContainer) throws -> ExitStatus? {
        if let process = ContainerProcess(opening: pid) {
            do {
                return try process.wait()
            } catch let error where error.errno == ECHILD {
                // not our child: fall through to polling
            }
        }
        while Glibc.kill(pid, 0) == 0 { usleep(1000) }
        return nil
    }

    private func timed(_ phase: String, _ body: () throws -> Void) throws -> Phase {
        let start = MonotonicClock.now()
        try body()
        return Phase(name: phase, start: start, end: MonotonicClock.now())
    }
}
