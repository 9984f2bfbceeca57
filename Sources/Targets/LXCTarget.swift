import Foundation
import Glibc
import NamespaceCore

/// LXC 5 driven through its tools on a generated config, in a private lxcpath under the
/// run's state root. `run` of a short command is `lxc-execute`; `run` of the probe starts a
/// system container (`lxc-start -d`, `lxc-wait -s RUNNING`) and attaches the probe to it,
/// as a user logging into it would; `startUntilRunning` / `stop` are `lxc-start -d` +
/// `lxc-wait` / `lxc-stop -k`. The container directory is removed by hand rather than by
/// `lxc-destroy`, which would follow a misconfigured rootfs into the shared busybox root.
public struct LXCTarget: MeasuredWorkloadTarget {
    public static let targetName = "lxc"
    public let context: TargetContext
    /// Where the lxc-* tools are; nil for PATH.
    public let toolDirectory: String?
    let environment: [String: String]

    public init(context: TargetContext, toolDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.context = context
        self.toolDirectory = toolDirectory
        self.environment = environment
    }

    public var name: String { LXCTarget.targetName }
    public var operations: Set<TargetOperation> { [.create, .start, .exec, .stop, .delete, .run, .checkpoint, .restore] }
    /// The private lxcpath of this run (`lxc-* -P`): outside the run's state root, which
    /// runc and crun create 0700, because a container's mapped root must traverse it.
    public var lxcPath: String { "\(LXCTarget.lxcParent)/\(PodmanTarget.runTag(context))" }
    static let lxcParent = "\(ProjectDirectories.runtime)/lxc"

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let directory = "\(lxcPath)/\(id)"
        try LXCTarget.checkConfigPaths([directory, workload.rootfs] + workload.binds.map(\.source), id: id)
        if let volume = workload.volumes.first {
            throw CoreError(stage: "lxc config \(id)", errno: EINVAL, detail: "named volume '\(volume.name)': LXC has none (bind a directory instead)")
        }
        let prepared = PreparedContainer(id: id, bundle: directory, cgroupPath: TargetContext.cgroupPath(for: id), workload: workload)
        do {
            for traversed in [ProjectDirectories.runtime, LXCTarget.lxcParent, lxcPath, directory] {
                try FileIO.makeDirectories(traversed, mode: 0o755)
            }
            // The mapped root needs search permission on the path to its overlay directories;
            // /run/cbench itself may have been made 0700 by crun or runc (`--root` parents).
            try LXCTarget.grantSearch(ProjectDirectories.runtime)
            guard chmod(LXCTarget.lxcParent, 0o755) == 0, chmod(lxcPath, 0o755) == 0, chmod(directory, 0o755) == 0 else {
                throw CoreError.fromErrno("chmod \(directory) for the container's mapped root")
            }
            for sub in ["delta", "work"] {
                try FileIO.makeDirectories("\(directory)/\(sub)", mode: 0o755)
                // Inside a user namespace the overlay is mounted by the mapped root.
                if workload.userNamespace {
                    let host = uid_t(ContainerWorkload.userNamespaceHostID)
                    guard chown("\(directory)/\(sub)", host, gid_t(host)) == 0 else {
                        throw CoreError.fromErrno("chown \(directory)/\(sub) to the mapped root")
                    }
                }
            }
            if workload.writableRoot { try SystemRootCopy.make(from: workload.rootfs, at: "\(directory)/rootfs") }
            let text = LXCTarget.config(id: id, workload: workload, directory: directory, cgroupPath: prepared.cgroupPath)
            try FileIO.write("\(directory)/config", Array(text.utf8))
        } catch {
            try? FileIO.removeTree(directory)
            throw error
        }
        return prepared
    }

    /// Adds search permission for others to a directory, leaving its other bits alone.
    static func grantSearch(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CoreError.fromErrno("stat \(path)") }
        guard info.st_mode & S_IXOTH == 0 else { return }
        guard chmod(path, (info.st_mode & 0o7777) | S_IXOTH) == 0 else { throw CoreError.fromErrno("chmod o+x \(path)") }
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        if container.workload.args.first == ContainerWorkload.probeMountPoint {
            return try runAttached(container)
        }
        // One command creates, starts, waits and deletes: "create" marks when it was
        // issued, "run" spans the whole command (not the "exit" wait of the OCI CLIs).
        let issued = MonotonicClock.now()
        let outcome = try Spawn(command("lxc-execute", container.id, ["--"] + container.workload.args),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        let exited = MonotonicClock.now()
        var run = ContainerRun(phases: [Phase(name: "create", start: issued, end: issued), Phase(name: "run", start: issued, end: exited)])
        run.exit = .exited(outcome.status)
        run.stdout = outcome.stdout
        run.stderr = outcome.stderr
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        return run
    }

    /// The probe attached to a running system container: create (lxc-start -d), start
    /// (lxc-wait RUNNING), exit (lxc-attach), delete (lxc-stop -k). A measured workload boots
    /// the root's own init first and waits until it has booted (`boot`).
    private func runAttached(_ container: PreparedContainer, bootingInit: Bool = false) throws -> ContainerRun {
        var run = try startContainer(container, initCommand: bootingInit ? ["/sbin/init"] : LXCTarget.attachInit)
        if bootingInit { run.phases.append(try RealTargetSupport.timed("boot") { try waitBooted(container) }) }
        let attachStart = MonotonicClock.now()
        let outcome = try Spawn(command("lxc-attach", container.id, ["--"] + container.workload.args),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        run.phases.append(Phase(name: "exit", start: attachStart, end: MonotonicClock.now()))
        run.exit = .exited(outcome.status)
        run.stdout = outcome.stdout
        run.stderr = outcome.stderr
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        run.phases.append(try stopContainer(container, phase: "delete"))
        return run
    }

    public var workloadTraits: WorkloadTraits {
        WorkloadTraits(root: "directory (a copy of the root, booted with its init)",
                       defaultFilter: "LXC's denylist (common.seccomp), compiled by liblxc", namedVolumes: false)
    }

    /// A system container of the workload's root: its init booted, the workload attached.
    public func runMeasured(_ container: PreparedContainer) throws -> ContainerRun {
        try runAttached(container, bootingInit: true)
    }

    /// Until the init's readiness line has run (`SystemRootCopy`): the marker in its /run.
    private func waitBooted(_ container: PreparedContainer) throws {
        let info = try RealTargetSupport.checked(command("lxc-info", container.id, ["-p", "-H"]), stage: "lxc-info \(container.id)")
        guard let pid = Int32(info.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "lxc-info \(container.id)", detail: "no init pid in '\(info.stdout.firstLine())'")
        }
        try SystemRootCopy.waitBooted(initPid: pid, timeout: 10)
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        var run = try startContainer(container, initCommand: container.workload.args)
        run.memoryPeakBytes = Cgroup.memoryPeak(path: container.cgroupPath)
        return run
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        ContainerRun(phases: [try stopContainer(container, phase: "stop")])
    }

    public func cleanup(_ container: PreparedContainer) {
        _ = try? Spawn(command("lxc-stop", container.id, ["-k"])).run()
        ZombieReaper.reapOrphans(named: ["lxc-start"])
        Cgroup.removeAbandoned(path: container.cgroupPath)
        MigrationNamespace.remove(for: container)
        RealTargetSupport.removeOwnedTree(container.bundle)
        ProjectDirectories.removeIfEmpty([lxcPath, LXCTarget.lxcParent])
    }

    func startContainer(_ container: PreparedContainer, initCommand: [String]) throws -> ContainerRun {
        var run = ContainerRun()
        run.phases.append(try RealTargetSupport.timed("create") {
            let outcome = try Spawn(command("lxc-start", container.id, ["-d", "--"] + initCommand),
                                    stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "lxc-start \(container.id)", detail: "exit \(outcome.status): \(lastLogLine(container) ?? outcome.stderr.firstLine())")
            }
        })
        run.phases.append(try RealTargetSupport.timed("start") {
            try RealTargetSupport.checked(command("lxc-wait", container.id, ["-s", "RUNNING", "-t", "10"]),
                                          stage: "lxc-wait \(container.id) RUNNING")
        })
        return run
    }

    private func stopContainer(_ container: PreparedContainer, phase: String) throws -> Phase {
        try RealTargetSupport.timed(phase) {
            try RealTargetSupport.checked(command("lxc-stop", container.id, ["-k"]), stage: "lxc-stop \(container.id)")
        }
    }

    /// LXC explains a failed start in its log, not on stderr; the first error is the cause.
    private func lastLogLine(_ container: PreparedContainer) -> String? {
        let log = FileIO.contents("\(container.bundle)/lxc.log")
        return log.split(separator: "\n").first { $0.contains("ERROR") }.map { String($0.suffix(300)) }
    }
}
