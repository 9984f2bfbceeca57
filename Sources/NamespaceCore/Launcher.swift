#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Starts container processes from `LaunchSpec`s. The parent side of CShim's spawn: builds
/// the plan, writes id maps, runs the caller's hook (cgroup placement) while the child waits,
/// releases it and reads its report. On any failure the child is killed and reaped.
public struct Launcher: Sendable {
    public init() {}

    /// Launches `spec`. `beforeContinue` gets the host pid of the final process while it is
    /// stopped before any set-up (e.g. to write it into cgroup.procs); throwing aborts the launch.
    /// `atHooks` runs while a `pausesForHooks` process waits before pivot_root (OCI hooks).
    /// Returns once the process has exec'd, or waits at its start gate.
    public func launch(_ spec: LaunchSpec, beforeContinue: (Int32) throws -> Void = { _ in },
                       atHooks: (Int32) throws -> Void = { _ in }) throws -> ContainerProcess {
        var descriptors = LaunchDescriptors()
        defer { descriptors.closeAll() }
        var overlayMountpoint: String?
        defer {
            if let overlayMountpoint {
                rmdir(overlayMountpoint)
                ProjectDirectories.removeIfEmpty(["\(ProjectDirectories.runtime)/launcher", ProjectDirectories.runtime])
            }
        }
        if case .overlay = spec.rootfs?.source, spec.rootfs?.mountpoint == nil {
            overlayMountpoint = try Self.makeOverlayMountpoint()
        }

        let plan = try LaunchPlan(spec, overlayMountpoint: overlayMountpoint)
        if plan.createsUserNamespace && (spec.uidMappings.isEmpty || spec.gidMappings.isEmpty) {
            throw CoreError(stage: "user namespace", errno: EINVAL, detail: "a new user namespace needs uid and gid mappings")
        }
        for (index, join) in plan.joins.enumerated() {
            let path = join.path ?? ""
            let fd = try descriptors.open(path, O_RDONLY | O_CLOEXEC, stage: "open namespace \(path)")
            plan.setJoinDescriptor(index, fd: fd)
        }
        if let placement = spec.cgroupPlacement {
            var taskFDs: [Int32] = []
            for file in placement.taskFiles {
                taskFDs.append(try descriptors.open(file, O_WRONLY | O_CLOEXEC, stage: "open \(file)"))
            }
            var cloneInto: Int32 = -1
            if let directory = placement.unifiedDirectory, plan.joins.isEmpty {
                cloneInto = try descriptors.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, stage: "open \(directory)")
            }
            plan.setCgroupDescriptors(taskFiles: taskFDs, cloneInto: cloneInto)
        }
        if let fifo = spec.startGateFIFO {
            plan.setStartGateDescriptor(try descriptors.open(fifo, CSHIM_O_PATH | O_CLOEXEC, stage: "open start gate \(fifo)"))
        }

        var result = cshim_spawn_result()
        // The child gets a copy of the plan at clone; the parent's may go after this call.
        let rc = withExtendedLifetime(plan) { cshim_spawn(plan.raw, &result) }
        guard rc == 0 else { throw CoreError(stage: "clone3", errno: -rc) }
        descriptors.adopt(result.report_fd)
        descriptors.adopt(result.sync_fd)

        var children = SpawnedChildren(firstPID: result.pid, firstPidfd: result.pidfd)
        do {
            if result.two_step != 0 {
                try awaitFinalChild(&children, plan: plan, spec: spec, result: result)
            } else {
                children.setFinal(pid: result.pid, pidfd: result.pidfd)
                if plan.createsUserNamespace { try writeIDMaps(spec, plan: plan, pid: result.pid) }
            }
            let pid = children.finalPID
            if let adjust = spec.oomScoreAdj {
                try LauncherFiles.write("/proc/\(pid)/oom_score_adj", "\(adjust)", stage: "oom_score_adj")
            }
            if result.two_step != 0, let directory = spec.cgroupPlacement?.unifiedDirectory {
                // Forked twice: CLONE_INTO_CGROUP placed only the first child.
                try LauncherFiles.write("\(directory)/cgroup.procs", "\(pid)", stage: "cgroup join \(directory)")
            }
            try beforeContinue(pid)
            guard cshim_continue_child(result.sync_fd) == 0 else {
                throw CoreError.fromErrno("continue child \(pid)")
            }
            while true {
                switch try LaunchRecord.read(from: result.report_fd) {
                case nil, .ready?:
                    return children.takeFinal()
                case .hooks? where spec.pausesForHooks:
                    try atHooks(pid)
                    guard cshim_continue_child(result.sync_fd) == 0 else {
                        throw CoreError.fromErrno("continue child \(pid) after hooks")
                    }
                case .failure(let error)?:
                    throw error
                case let other?:
                    throw CoreError(stage: "launch", errno: EPROTO, detail: "unexpected report \(other)")
                }
            }
        } catch {
            children.killAndReap()
            throw error
        }
    }

    /// The two-step path (namespaces joined): the first child may ask for id maps, then tells
    /// the final pid (its own, or a child created with CLONE_PARENT, which is ours to reap).
    private func awaitFinalChild(_ children: inout SpawnedChildren, plan: LaunchPlan, spec: LaunchSpec,
                                 result: cshim_spawn_result) throws {
        while true {
            switch try LaunchRecord.read(from: result.report_fd) {
            case .userNamespace(let helper)?:
                try writeIDMaps(spec, plan: plan, pid: helper > 0 ? helper : result.pid)
                guard cshim_continue_child(result.sync_fd) == 0 else {
                    throw CoreError.fromErrno("continue child \(result.pid)")
                }
            case .childPID(let pid)?:
                if pid == result.pid {
                    children.setFinal(pid: pid, pidfd: result.pidfd)
                    return
                }
                // Open before reaping the first child: the final one is our child, so its pid
                // cannot be reused until we wait for it.
                let pidfd = cshim_pidfd_open(pid, 0)
                guard pidfd >= 0 else { throw CoreError(stage: "pidfd_open \(pid)", errno: errno) }
                children.setFinal(pid: pid, pidfd: pidfd)
                let status = try children.reapFirst()
                guard status == .exited(0) else {
                    throw CoreError(stage: "fork into pid namespace", detail: "first child \(status)")
                }
                return
            case .failure(let error)?:
                throw error
            case nil:
                throw CoreError(stage: "launch", errno: ECHILD, detail: "child exited before reporting its pid")
            case let other?:
                throw CoreError(stage: "launch", errno: EPROTO, detail: "unexpected report \(other)")
            }
        }
    }

    /// A fresh directory for an overlay root under /run/cbench/launcher/. Retried on ENOENT:
    /// another process's clean-up may remove the empty parents before the mkdtemp.
    static func makeOverlayMountpoint() throws(CoreError) -> String {
        let parent = "\(ProjectDirectories.runtime)/launcher"
        var attempt = 0
        while true {
            attempt += 1
            try FileIO.makeDirectories(parent, mode: 0o700)
            var template = Array("\(parent)/rootfs-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
                guard let base = buffer.baseAddress else { return nil }
                return mkdtemp(base)
            }
            if let made { return String(cString: made) }
            if errno != ENOENT || attempt >= 5 {
                throw CoreError(stage: "mkdtemp \(parent)", errno: errno)
            }
        }
    }
}
