import Foundation
import Glibc
import NamespaceCore
import SystemContainers

/// cbench's own system containers (`cbench system`), in process through SystemContainers:
/// a busybox container per step in a private store of the run. It has no one-shot run (its
/// `run` is `bootRunHalt`: boot until RUNNING, the workload attached, a clean halt), so it
/// is measured beside LXC in the `boot-run-halt` mode, never beside `crun run` or
/// `lxc-execute`; `startUntilRunning` / `stop` start it until RUNNING and halt it. A measured
/// workload (`runMeasured`) boots and attaches alike but kills the container at the end.
public struct SystemContainerTarget: SystemStyleTarget, MeasuredWorkloadTarget {
    public static let targetName = "cbench-system"
    public let context: TargetContext
    let runtime: SystemRuntime

    public init(context: TargetContext) {
        self.context = context
        runtime = SystemRuntime(store: SystemStore(root: "\(context.workDirectory)/system-store",
                                                   runRoot: "\(context.stateRoot)/system"))
    }

    public var name: String { SystemContainerTarget.targetName }
    public var operations: Set<TargetOperation> { [.create, .start, .exec, .stop, .delete, .checkpoint, .restore] }

    public func availability() -> TargetAvailability {
        let rootfs = context.smokeRootfs
        guard FileManager.default.fileExists(atPath: rootfs + "/sbin/init") || FileManager.default.fileExists(atPath: rootfs + "/bin/busybox") else {
            return .unavailable(reason: "no busybox root at \(rootfs) (run make setup)")
        }
        return .available(version: "cbench-system (busybox init)")
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        try prepare(workload, id: id, configLines: [])
    }

    /// `configLines`: more config (LXC syntax) after the workload's own lines; `snapshot`: an
    /// overlay over the template's root instead of a copy (`create --snapshot`, privileged).
    func prepare(_ workload: ContainerWorkload, id: String, configLines: [String], snapshot: Bool = false) throws -> PreparedContainer {
        let store = runtime.store
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)",
                                         cgroupPath: store.cgroupPath(of: id), workload: workload)
        if let volume = workload.volumes.first {
            throw CoreError(stage: "system container \(id)", errno: EINVAL,
                            detail: "named volume '\(volume.name)': system containers have none (bind a directory instead)")
        }
        try FileIO.makeDirectories(prepared.bundle, mode: 0o755)
        var lines = LXCTarget.mountLines(workload) + workload.limits.lxcLines(mode: WorkloadLimits.hostMode())
        if workload.userNamespace {
            // The workload's own mapping replaces the default one (root's subordinate ids).
            let host = ContainerWorkload.userNamespaceHostID, size = ContainerWorkload.userNamespaceSize
            lines += ["lxc.idmap =", "lxc.idmap = u 0 \(host) \(size)", "lxc.idmap = g 0 \(host) \(size)"]
        }
        lines += configLines
        let extra = "\(prepared.bundle)/extra.conf"
        do {
            try FileIO.write(extra, Array((lines.joined(separator: "\n") + "\n").utf8))
            let (template, release) = try Self.template(for: workload.rootfs, busybox: context.smokeRootfs)
            try store.create(name: id, template: template, release: release, extraConfig: extra, privileged: snapshot, snapshot: snapshot)
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    /// The template that boots `rootfs`: the busybox root, or a cached Debian release (its
    /// template copies the same tree). Any other root is refused: a system container here is
    /// made from a template, and booting an unknown tree's init is not what it measures.
    static func template(for rootfs: String, busybox: String, debian: DebianRootfsCache = DebianRootfsCache()) throws -> (SystemTemplate, DebianRelease?) {
        let path = (rootfs as NSString).standardizingPath
        if path == (busybox as NSString).standardizingPath || path == (SystemTemplate.busyboxRootfs as NSString).standardizingPath {
            return (.busybox, nil)
        }
        if let release = DebianRelease.allCases.first(where: { (debian.path(of: $0) as NSString).standardizingPath == path }) {
            return (.debian, release)
        }
        throw CoreError(stage: "system container root", errno: EINVAL,
                        detail: "\(rootfs) is neither the busybox root nor a cached Debian root (\(debian.directory)/debian-RELEASE): cbench-system boots its templates")
    }

    /// The probe and every workload run this way: see `bootRunHalt`.
    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        try bootRunHalt(container)
    }

    public func bootRunHalt(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try bootAndAttach(container)
        run.phases.append(try timed("halt") { _ = try runtime.stop(name: container.id, timeout: 10) })
        return run
    }

    /// As `run`, but the container is killed once the workload is done: its clean halt
    /// (busybox init sleeps two seconds in it) is not part of a measured workload.
    public func runMeasured(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try bootAndAttach(container)
        run.phases.append(try timed("kill") { try runtime.kill(name: container.id, signal: SIGKILL) })
        return run
    }

    /// Every container of a step is a fresh copy of the busybox root (the store's), so the
    /// workload writes to a directory root, as in LXC.
    public var workloadTraits: WorkloadTraits {
        WorkloadTraits(root: "directory (a copy of the root, booted with its init)",
                       defaultFilter: "LXC's denylist, compiled by libseccomp as a binary tree", namedVolumes: false)
    }

    /// Boot until RUNNING, then the workload attached until it exits (`place`: the store it
    /// is in, the run's own by default).
    func bootAndAttach(_ container: PreparedContainer, on place: SystemRuntime? = nil) throws -> ContainerRun {
        let runtime = place ?? runtime
        var run = ContainerRun(phases: [try timed("boot") { _ = try runtime.start(name: container.id) }])
        let out = open(container.stdoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(container.stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            if out >= 0 { close(out) }
            if err >= 0 { close(err) }
        }
        guard out >= 0, err >= 0 else { throw CoreError.fromErrno("open \(container.stdoutPath)") }
        var status: ExitStatus?
        run.phases.append(try timed("command") {
            status = try runtime.attach(name: container.id, command: container.workload.args, stdout: out, stderr: err)
        })
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        run.exit = status
        run.stdout = (try? String(contentsOfFile: container.stdoutPath, encoding: .utf8)) ?? ""
        run.stderr = (try? String(contentsOfFile: container.stderrPath, encoding: .utf8)) ?? ""
        return run
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        ContainerRun(phases: [try timed("create") { _ = try runtime.start(name: container.id) }])
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        ContainerRun(phases: [try timed("stop") { _ = try runtime.stop(name: container.id, timeout: 10) }])
    }

    public func cleanup(_ container: PreparedContainer) {
        // A migrated container lives in the destination's store.
        for place in [runtime, migrationDestination] where place.store.exists(container.id) {
            try? place.destroy(name: container.id, force: true)
        }
        reapInit(container)
        try? FileIO.removeTree(container.bundle)
        ProjectDirectories.removeIfEmpty([runtime.store.root, runtime.store.runRoot,
                                          migrationDestination.store.root, migrationDestination.store.runRoot])
    }

    func timed(_ name: String, _ body: () throws -> Void) throws -> Phase {
        let start = MonotonicClock.now()
        try body()
        return Phase(name: name, start: start, end: MonotonicClock.now())
    }
}
