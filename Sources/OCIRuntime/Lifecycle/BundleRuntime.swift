#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import NamespaceCore

/// Runs OCI bundles on the namespace core with runc's lifecycle:
/// create (the process waits at its start gate), start, state, kill, delete, run.
public struct BundleRuntime: Sendable {
    public let store: StateStore
    /// Runs once a container's launch is known and before anything of it exists; cbench-oci
    /// re-executes itself sealed here when the container joins a pid namespace.
    public let beforeCreating: @Sendable (LaunchSpec) throws -> Void
    /// Runs before `start` sends a startContainer hook into a created container's namespaces,
    /// where a process that joined its pid namespace since `create` would see the hook's child
    /// before its execve; cbench-oci, whose `start` begins unsealed, re-executes itself sealed here.
    public let beforeJoining: @Sendable () throws -> Void

    /// What the host offers, asked only for settings that need it.
    public let hostSupport: any HostSupport
    public let hooks: HookRunner

    public init(store: StateStore = StateStore(), hostSupport: any HostSupport = CurrentHostSupport(),
                hooks: HookRunner = HookRunner(),
                beforeCreating: @escaping @Sendable (LaunchSpec) throws -> Void = { _ in },
                beforeJoining: @escaping @Sendable () throws -> Void = {}) {
        self.store = store
        self.hostSupport = hostSupport
        self.hooks = hooks
        self.beforeCreating = beforeCreating
        self.beforeJoining = beforeJoining
    }

    /// The status of a recorded container, read from the live process.
    public func status(of record: ContainerRecord) -> ContainerStatus {
        guard ProcessLiveness.isAlive(pid: record.pid, startTime: record.pidStartTime) else { return .stopped }
        guard record.started else { return .created }
        // As runc: a running container whose cgroup is frozen is paused.
        if record.paused == true, (try? Cgroup.open(path: record.cgroupPath).isFrozen()) == true { return .paused }
        return .running
    }

    public func state(id: String) throws -> OCIStateDocument {
        let record = try store.load(id: id)
        return record.stateDocument(status: status(of: record))
    }

    public func list() -> [(record: ContainerRecord, status: ContainerStatus)] {
        store.ids().compactMap { id in
            guard let record = try? store.load(id: id) else { return nil }
            return (record, status(of: record))
        }
    }

    /// Sends `signal` to the container's init. Only created or running containers take signals.
    public func kill(id: String, signal: Int32) throws {
        let record = try store.load(id: id)
        guard status(of: record) != .stopped else {
            throw CoreError(stage: "kill \(id)", detail: "container is not running")
        }
        if Glibc.kill(record.pid, signal) != 0 {
            throw CoreError.fromErrno("kill \(id) pid \(record.pid)")
        }
        thawAfterKill(record, signal: signal)
    }

    /// Lets a created container exec its process: opens the read end of its start gate.
    public func start(id: String) throws {
        var record = try store.load(id: id)
        switch status(of: record) {
        case .created: break
        case .running, .paused: throw CoreError(stage: "start \(id)", detail: "container is already running")
        case .stopped, .creating: throw CoreError(stage: "start \(id)", detail: "container is stopped; delete it and create it again")
        }
        // Nothing has changed yet: a re-execution here starts `start` again, sealed.
        if !HookKind.startContainer.entries(in: record.hooks).isEmpty { try beforeJoining() }
        do {
            try hooks.run(.startContainer, of: record.hooks, state: record.stateDocument(status: .created))
        } catch {
            // The spec: a failed startContainer hook stops the container; delete removes it.
            _ = Glibc.kill(record.pid, SIGKILL)
            throw error
        }
        let fifo = store.fifoPath(of: id)
        let fd = open(fifo, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError.fromErrno("start \(id): open \(fifo)") }
        var byte: UInt8 = 0
        let n = read(fd, &byte, 1)
        close(fd)
        unlink(fifo)
        guard n == 1 else {
            throw CoreError(stage: "start \(id)", detail: "the container process exited before it was started")
        }
        record.started = true
        try store.save(record)
        try hooks.run(.poststart, of: record.hooks, state: record.stateDocument(status: .running))
    }

    /// Removes a stopped container (or any, with `force`: SIGKILL first) and its cgroup and state.
    public func delete(id: String, force: Bool) throws {
        // As runc: `delete --force` of a container that is already gone succeeds (containerd's
        // shim deletes again after a container's exit).
        if force, (try? StateStore.validate(id: id)) != nil, access(store.statePath(of: id), F_OK) != 0 { return }
        let record = try store.load(id: id)
        if status(of: record) != .stopped {
            guard force else {
                throw CoreError(stage: "delete \(id)", detail: "container is \(status(of: record).rawValue); kill it first or use --force")
            }
            _ = Glibc.kill(record.pid, SIGKILL)
            thawAfterKill(record, signal: SIGKILL)
            guard ProcessLiveness.waitUntilGone(pid: record.pid, startTime: record.pidStartTime,
                                                timeoutMilliseconds: PidNamespaceTeardown.initExitMilliseconds) else {
                throw PidNamespaceTeardown.initDidNotExit(id: id, pid: record.pid)
            }
        }
        try remove(record, cgroup: try? Cgroup.open(path: record.cgroupPath))
    }

    /// Removes a stopped container's cgroup (with any stray process in it) and its state.
    /// poststop hooks run last, once nothing of the container is left (failures only warn).
    func remove(_ record: ContainerRecord, cgroup: Cgroup?) throws {
        try removeResources(id: record.id, cgroup: cgroup)
        try hooks.run(.poststop, of: record.hooks, state: record.stateDocument(status: .stopped))
    }

    func removeResources(id: String, cgroup: Cgroup?) throws {
        if let cgroup {
            // Stray processes (a daemon the init left behind) go too; an empty cgroup, the
            // usual case, skips the freeze-signal-thaw round trip.
            if let pids = try? cgroup.pids(), !pids.isEmpty {
                try? cgroup.killAll(signal: SIGKILL)
            }
            // An init like systemd makes cgroups inside its own (init.scope, system.slice):
            // remove takes them first, as runc does.
            try cgroup.remove()
            cgroup.leaveSharedGroups()
            Cgroup.removeEmptyProjectParents(host: cgroup.host)
        }
        // A checkpoint cut short (its cbench-oci killed) leaves its journal beside the state.
        unlink(journalPath(of: id))
        store.remove(id: id)
    }
}

extension BundleRuntime {
    /// `kill --all`: the signal goes to every process in the container's cgroup.
    public func killAll(id: String, signal: Int32) throws {
        let record = try store.load(id: id)
        guard status(of: record) != .stopped else {
            throw CoreError(stage: "kill \(id)", detail: "container is not running")
        }
        try Cgroup.open(path: record.cgroupPath).killAll(signal: signal)
        thawAfterKill(record, signal: signal)
    }
}
