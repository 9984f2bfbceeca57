import Glibc
import NamespaceCore
import SystemContainers

/// The system layout on cbench's own system containers: a debian-template container
/// (unprivileged, its init systemd) whose root is an overlay over the stack's cached system
/// root (`create --snapshot`: the shared tree seen through an idmapped mount, the
/// container's changes in its own upper directory), started in process; the web port
/// published by forwarding into the container's network namespace, which has only
/// loopback. Stop halts systemd; the upper directory stays, and with it the wiki's data.
/// (A whole copy of the 0.9 GB root per step cost 9-54 s to make and 10-125 s to remove here.)
extension SystemContainerTarget: ApplicationTarget {
    public var applicationLayout: ApplicationLayout { .system }
    public var applicationCoverage: String {
        "a debian-template system container (unprivileged, systemd as init) on an overlay over the stack's root (create --snapshot, the root idmapped), started in process; the port forwarded into its network namespace"
    }

    public func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
        let deployment = ApplicationDeployment(id: id, stack: stack, layout: .system, directory: "\(context.workDirectory)/system-\(id)",
                                               hostPort: try ApplicationDeployment.freeLoopbackPort())
        do {
            try FileIO.makeDirectories(deployment.directory, mode: 0o755)
            try runtime.store.create(name: id, template: .debian, release: .bookworm, rootfs: stack.systemRoot, snapshot: true)
            try PageCacheWarmer.warm(stack.systemRoot)
        } catch {
            remove(deployment)
            throw error
        }
        return deployment
    }

    public func start(_ deployment: ApplicationDeployment) throws {
        var namespace: HeldNetworkNamespace?
        try runtime.start(name: deployment.id) { pid in namespace = try HeldNetworkNamespace(ofProcess: pid) }
        guard let namespace else { throw CoreError(stage: "start \(deployment.id)", errno: EPROTO, detail: "the init's network namespace was not held") }
        try deployment.publish(into: namespace)
    }

    public func stop(_ deployment: ApplicationDeployment) throws {
        deployment.unpublish()
        _ = try runtime.stop(name: deployment.id, timeout: 30)
    }

    public func remove(_ deployment: ApplicationDeployment) {
        deployment.unpublish()
        try? runtime.destroy(name: deployment.id, force: true)
        try? FileIO.removeTree(deployment.directory)
        ProjectDirectories.removeIfEmpty([runtime.store.root, runtime.store.runRoot])
    }

    public func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] {
        guard let record = runtime.store.runningState(of: deployment.id) else { return [] }
        return [ApplicationContainerState(name: deployment.id, pid: record.pid, cgroup: record.cgroupPath)]
    }

    public func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        let file = "\(deployment.directory)/journal"
        let output = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { return [] }
        _ = try? runtime.attach(name: deployment.id, command: ["journalctl", "--no-pager", "-n", "\(lines)"], stdout: output, stderr: output)
        close(output)
        return [(deployment.id, FileIO.contents(file))]
    }

    public func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
        ApplicationStorage(imagePaths: [deployment.stack.systemRoot], writablePaths: [runtime.store.deltaPath(of: deployment.id)],
                           note: "the stack's system root, shared; the container's overlay upper directory (what it changed)")
    }
}
