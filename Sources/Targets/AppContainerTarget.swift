import Foundation
import Glibc
import AppContainers
import NamespaceCore
import OCIImages

/// cbench's own application containers (`cbench app`), in process through AppContainers: a
/// private store of the run, the workload's root file system as a one-layer image, the
/// container supervised by this process. Phases: create (record, upper directory, cgroup,
/// launch), exit, delete (cgroup and container removed), as `run --rm` does them.
public struct AppContainerTarget: MeasuredWorkloadTarget {
    public static let targetName = "cbench-app-lib"
    public let context: TargetContext
    let runtime: AppRuntime

    public init(context: TargetContext) {
        self.context = context
        let store = AppStore(root: "\(context.workDirectory)/app-store", runRoot: "\(context.stateRoot)/app")
        runtime = AppRuntime(store: store, resolveImage: AppContainerTarget.image(ofRootfs:))
    }

    public var name: String { AppContainerTarget.targetName }
    public var operations: Set<TargetOperation> { [.create, .start, .exec, .stop, .delete, .run, .imageUnpack] }
    public var workloadTraits: WorkloadTraits { Self.appTraits }

    /// cbench app's containers, through the CLI or in process.
    static let appTraits = WorkloadTraits(root: "overlay (the image's layers under the container's upper directory), mounted volatile as a --rm container's (fsync is a no-op), like podman's",
                                          defaultFilter: "Docker's allowlist, compiled by libseccomp as a binary tree",
                                          namedVolumes: true)

    public func availability() -> TargetAvailability {
        guard getuid() == 0 else { return .unavailable(reason: "needs root") }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        return .available(version: "in-process (overlay root, Docker defaults)")
    }

    /// The workload's root as an image of one layer (the image store imports it once when
    /// wired; the overlay keeps the layer itself untouched either way).
    static func image(ofRootfs rootfs: String) throws -> ResolvedImage {
        ResolvedImage(reference: nil, manifestDigest: "sha256:" + String(repeating: "0", count: 64),
                      configuration: ImageConfiguration(config: .init(cmd: ["sh"])), layerDirectories: [rootfs])
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/app-\(id)", cgroupPath: "", workload: workload)
        try FileIO.makeDirectories(prepared.bundle, mode: 0o755)
        return prepared
    }

    func config(for container: PreparedContainer) -> AppContainerConfig {
        let workload = container.workload
        let binds = workload.binds.map { "\($0.source):\($0.destination)" + ($0.readOnly ? ":ro" : "") }
        return AppContainerConfig(
            image: workload.rootfs, name: container.id, command: workload.args, entrypoint: [],
            volumes: binds + workload.volumes.map { "\($0.name):\($0.destination)" },
            tmpfs: workload.tmpfsMounts.map { "\($0.destination):size=\($0.megabytes)m" },
            seccomp: workload.seccomp == .disabled ? "unconfined" : "default",
            usernsRemap: workload.userNamespace, autoRemove: true)
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let output = try OutputFiles(container)
        var outputOpen = true
        defer { if outputOpen { output.close() } }
        let createStart = MonotonicClock.now()
        let record = try runtime.create(config(for: container))
        let live: LiveAppContainer
        do {
            live = try runtime.launchSupervised(record.id, stdio: .fds(stdin: output.stdin, stdout: output.stdout, stderr: output.stderr))
        } catch {
            try? runtime.remove(record.id, force: true)
            throw error
        }
        output.close()
        outputOpen = false
        let createEnd = MonotonicClock.now()
        let status = try live.process.wait()
        let exitEnd = MonotonicClock.now()
        let peak = Cgroup.memoryPeak(path: live.runState.cgroupPath)
        runtime.finish(live, status: status)
        let deleteEnd = MonotonicClock.now()
        return .inProcess(container, createStart: createStart, createEnd: createEnd, exitEnd: exitEnd,
                          deleteEnd: deleteEnd, exit: status, memoryPeakBytes: peak)
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        let output = try OutputFiles(container)
        defer { output.close() }
        let start = MonotonicClock.now()
        var config = config(for: container)
        config.autoRemove = false
        let record = try runtime.create(config)
        do {
            let live = try runtime.launchSupervised(record.id, stdio: .fds(stdin: output.stdin, stdout: output.stdout, stderr: output.stderr))
            try FileIO.write(container.pidFilePath, Array("\(live.process.pid)".utf8))
            return ContainerRun(phases: [Phase(name: "create", start: start, end: MonotonicClock.now())],
                                memoryPeakBytes: Cgroup.memoryPeak(path: live.runState.cgroupPath))
        } catch {
            try? runtime.remove(record.id, force: true)
            throw error
        }
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        let start = MonotonicClock.now()
        try runtime.remove(container.id, force: true)
        reapRecordedProcess(container)
        return ContainerRun(phases: [Phase(name: "stop", start: start, end: MonotonicClock.now())])
    }

    public func cleanup(_ container: PreparedContainer) {
        try? runtime.remove(container.id, force: true)
        reapRecordedProcess(container)
        for volume in container.workload.volumes { try? runtime.volumeStore.remove(volume.name) }
        try? FileIO.removeTree(container.bundle)
        rmdir(runtime.store.runRoot)
    }

    /// The container process of `startUntilRunning` is our child: reap it once killed.
    private func reapRecordedProcess(_ container: PreparedContainer) {
        guard let bytes = try? FileIO.read(container.pidFilePath, limit: 64),
              let pid = Int32(String(decoding: bytes, as: UTF8.self)) else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        unlink(container.pidFilePath)
    }
}
