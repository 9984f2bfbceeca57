import Foundation
import NamespaceCore

/// An OCI runtime keeps a stopped container until `delete`, but its lifecycle has no start
/// of a stopped one: `start` again is refused, in the runtime's own words.
extension OCICLITarget: RestartingTarget {
    public var restartMeans: String { "\(name) create and start, then \(name) start of the stopped container (not deleted)" }

    /// Create, start and wait for the exit, without `delete`.
    public func runKeeping(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try createAndStart(container)
        guard let pid = readPid(container) else {
            throw CoreError(stage: "\(name) run \(container.id)", detail: "no pid file after start")
        }
        let exitStart = MonotonicClock.now()
        run.exit = try waitForExit(pid: pid, container: container)
        run.phases.append(Phase(name: "exit", start: exitStart, end: MonotonicClock.now()))
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        run.stdout = FileIO.contents(container.stdoutPath)
        run.stderr = FileIO.contents(container.stderrPath)
        return run
    }

    public func runAgain(_ container: PreparedContainer) throws -> ContainerRun {
        let outcome = try command(["start", container.id]).run()
        guard outcome.status == 0 else {
            throw RestartRefusal(command: "\(name) start \(container.id)",
                                 output: "exit \(outcome.status): " + (outcome.stderr + outcome.stdout).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var run = ContainerRun()
        if let pid = readPid(container) { run.exit = try waitForExit(pid: pid, container: container) }
        run.stdout = FileIO.contents(container.stdoutPath)
        return run
    }
}
