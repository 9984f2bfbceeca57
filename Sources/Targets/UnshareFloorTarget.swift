import Foundation
import NamespaceCore

/// The floor of container start-up: `unshare --pid --mount --uts --ipc --net --fork` running
/// the workload's command from the host, with no root file system, cgroup or runtime. What
/// no runtime can beat; a reference only scenarios that name it use.
public struct UnshareFloorTarget: ReferenceTarget {
    public static let targetName = "unshare"
    public static let flags = ["--pid", "--mount", "--uts", "--ipc", "--net", "--fork"]
    public let context: TargetContext
    let environment: [String: String]

    public init(context: TargetContext, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.context = context
        self.environment = environment
    }

    public var name: String { UnshareFloorTarget.targetName }
    public var operations: Set<TargetOperation> { [.run] }

    public func availability() -> TargetAvailability {
        RealTargetSupport.toolAvailability("unshare", package: "util-linux", environment: environment)
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/unshare-\(id)", cgroupPath: "", workload: workload)
        try FileIO.makeDirectories(prepared.bundle, mode: 0o700)
        return prepared
    }

    /// One command: "create" marks when it was issued, "run" spans all of it.
    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let issued = MonotonicClock.now()
        let outcome = try Spawn(["unshare"] + Self.flags + ["--"] + container.workload.args,
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        let exited = MonotonicClock.now()
        return ContainerRun(phases: [Phase(name: "create", start: issued, end: issued), Phase(name: "run", start: issued, end: exited)],
                            exit: .exited(outcome.status), stdout: outcome.stdout, stderr: outcome.stderr)
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { throw oneShotOnly() }
    public func stop(_ container: PreparedContainer) throws -> ContainerRun { throw oneShotOnly() }

    public func cleanup(_ container: PreparedContainer) {
        try? FileIO.removeTree(container.bundle)
    }

    private func oneShotOnly() -> CoreError {
        CoreError(stage: "target unshare", errno: EOPNOTSUPP, detail: "the floor only runs a command to its end")
    }
}
