import Foundation
import Glibc
import NamespaceCore
import OCIImages

/// `cbench app` driven through its command line, as a user runs it: `cbench app run --rm`
/// pays its own process start-up, as `podman run` and `docker run` do, so the three compare
/// like with like. The run has a private store; the workload's root is imported once, in
/// `prepare`, as an image of one layer (podman and docker import it the same way).
public struct AppCLITarget: MeasuredWorkloadTarget {
    public static let targetName = "cbench-app"
    public let context: TargetContext

    public init(context: TargetContext) {
        self.context = context
    }

    public var name: String { AppCLITarget.targetName }
    public var operations: Set<TargetOperation> { [.create, .start, .stop, .delete, .run, .imageImport, .imageUnpack, .checkpoint, .restore] }
    public var workloadTraits: WorkloadTraits { AppContainerTarget.appTraits }
    var storeRoot: String { "\(context.workDirectory)/app-cli-store" }
    var runRoot: String { "\(context.stateRoot)/app-cli" }

    public func availability() -> TargetAvailability {
        guard getuid() == 0 else { return .unavailable(reason: "needs root") }
        guard let executable = try? CBenchExecutable.locate() else {
            return .unavailable(reason: "the cbench program was not found (set CBENCH_EXECUTABLE)")
        }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        return .available(version: "cbench app (command line, \(executable))")
    }

    /// `cbench app ARGUMENTS` on this target's store (or on the store at `store`, with its
    /// state under `run`).
    func command(_ arguments: [String], stdout: Spawn.Output = .capture, stderr: Spawn.Output = .capture,
                 store: String? = nil, run: String? = nil) throws -> Spawn {
        Spawn([try CBenchExecutable.locate(), "app"] + arguments, environment: ["CBENCH_APP_ROOT": store ?? storeRoot, "CBENCH_APP_RUN": run ?? runRoot],
              stdout: stdout, stderr: stderr)
    }

    /// One image per root file system, named by a hash of its path.
    static func imageReference(for rootfs: String) -> ImageReference {
        var hash: UInt32 = 2_166_136_261
        for byte in rootfs.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return ImageReference(name: "rootfs-" + String(hash, radix: 16), tag: "latest")
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/app-cli-\(id)", cgroupPath: "", workload: workload)
        try FileIO.makeDirectories(prepared.bundle, mode: 0o700)
        try importImage(of: workload.rootfs)
        return prepared
    }

    /// The root file system as an image of the run's store, imported once.
    func importImage(of rootfs: String) throws {
        let images = ImageStore(root: storeRoot)
        let reference = Self.imageReference(for: rootfs)
        if (try? images.resolve(reference.description)) == nil {
            _ = try images.importRootfs(from: rootfs, as: reference)
        }
    }

    func runArguments(_ container: PreparedContainer, detached: Bool) -> [String] {
        let workload = container.workload
        var arguments = ["run", detached ? "-d" : "--rm", "--name", container.id] + DockerStyleArguments.extra(for: workload)
        if workload.userNamespace { arguments += ["--userns", "remap"] }
        return arguments + [Self.imageReference(for: workload.rootfs).description] + workload.args
    }

    /// One command creates, starts, waits and removes, as for podman and docker.
    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        try RealTargetSupport.runWhole(try command(runArguments(container, detached: false)), container, stage: "\(name) run \(container.id)")
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        try startDetached(container, arguments: runArguments(container, detached: true))
    }

    /// Runs `arguments` (a `cbench app run -d`) and returns once the container runs.
    func startDetached(_ container: PreparedContainer, arguments: [String]) throws -> ContainerRun {
        let create = try RealTargetSupport.timed("create") {
            let outcome = try command(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) run -d \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create])
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        let stop = try RealTargetSupport.timed("stop") {
            let outcome = try command(["rm", "-f", container.id]).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) rm -f \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [stop])
    }

    public func cleanup(_ container: PreparedContainer) {
        _ = try? command(["rm", "-f", container.id]).run()
        removeMigrationNetwork(container)
        for volume in container.workload.volumes { _ = try? command(["volume", "rm", volume.name]).run() }
        try? FileIO.removeTree(container.bundle)
        ProjectDirectories.removeIfEmpty([runRoot])
    }
}
