#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

/// A container process this invocation started and supervises.
public struct LiveAppContainer: Sendable {
    public let record: AppContainerRecord
    public let process: ContainerProcess
    public let cgroup: Cgroup
    public let runState: AppRunState
    /// The loopback listeners of `-p`, served by this process until the container ends.
    public let ports: PortPublisher?
}

/// Where a container's stdio goes.
public enum AppContainerStdio: Sendable, Equatable {
    /// The caller's 1 and 2 (and 0 when interactive, else /dev/null).
    case inherit(interactive: Bool)
    /// These descriptors as 0, 1, 2 (e.g. /dev/null and the log file).
    case fds(stdin: Int32, stdout: Int32, stderr: Int32)
    /// A pty slave as 0, 1 and 2 and the process's controlling terminal (`-t`), also bound
    /// over the container's /dev/console from `path`, as docker does.
    case terminal(slave: Int32, path: String)
}

extension AppRuntime {
    /// Starts the container's process: cgroup, launch (networks wired while it waits), run
    /// state naming `supervisor` as the process that waits for it (this one by default; a
    /// detached container's monitor). All or nothing: on failure no process, cgroup, link or
    /// run state is left.
    func launch(_ record: AppContainerRecord, stdio: AppContainerStdio, supervisor: pid_t = getpid()) throws -> LiveAppContainer {
        let id = record.id
        if let previous = store.loadRunState(of: id) {
            if previous.isAlive {
                throw CoreError(stage: "container \(record.name)", errno: EBUSY, detail: "is already running (pid \(previous.pid))")
            }
            // The last run's supervisor may still be removing the cgroup this run makes again.
            awaitFinished(id, previous)
        }
        try clearStale(record)
        var (spec, security) = try containerSpec(record)
        let hostsMount = try HostsFile.prepare(in: store.directory(of: id), mode: record.config.networkMode)
        spec.mounts = spec.mounts.map { $0.destination == "/etc/hosts" ? hostsMount : $0 }
        // Bound before anything is made: a port already taken fails with nothing left.
        let ports = record.config.ports.isEmpty ? nil
            : try PortPublisher.bind(try record.config.ports.map { text throws(CoreError) in try PortMapping(parsing: text) })

        try store.makeRunDirectory(of: id)
        // The overlay's mount point is the run directory's own, not one the launcher makes and
        // removes under /run/cbench/launcher (with that parent) on every start. 0755: with
        // `--userns remap` the overlay is mounted from inside the user namespace, whose root
        // must be able to use it.
        let mountpoint = store.rootfsMountpoint(of: id)
        guard mkdir(mountpoint, 0o755) == 0 || errno == EEXIST else {
            let code = errno
            store.removeRunDirectory(of: id)
            throw CoreError(stage: "mkdir \(mountpoint)", errno: code)
        }
        spec.rootfs?.mountpoint = mountpoint
        // The container's mount namespace keeps its copies of the idmapped layers.
        let idmappedLayers: [String]
        do {
            idmappedLayers = record.config.usernsRemap ? try idmapLayers(of: id, in: &spec) : []
        } catch {
            store.removeRunDirectory(of: id)
            throw error
        }
        defer { Self.detachIdmappedLayers(idmappedLayers) }
        var cgroup: Cgroup?
        var process: ContainerProcess?
        var hostLinks: [String] = []
        // Held from before the container's execve, for the ports (HeldNetworkNamespace).
        var networkNamespace: HeldNetworkNamespace?
        do {
            let group = try createCgroup(record, security: security)
            cgroup = group
            spec = spec.expandingCgroupMounts(for: group)
            spec.cgroupPlacement = group.placement
            switch stdio {
            case .inherit(let interactive):
                if !interactive {
                    let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
                    guard null >= 0 else { throw CoreError.fromErrno("open /dev/null") }
                    defer { close(null) }
                    spec.stdio = .fds(stdin: null, stdout: 1, stderr: 2)
                    process = try launchProcess(spec, record: record, hostLinks: &hostLinks, ports: ports, networkNamespace: &networkNamespace)
                } else {
                    spec.stdio = .inherit
                    process = try launchProcess(spec, record: record, hostLinks: &hostLinks, ports: ports, networkNamespace: &networkNamespace)
                }
            case let .fds(stdin, stdout, stderr):
                spec.stdio = .fds(stdin: stdin, stdout: stdout, stderr: stderr)
                process = try launchProcess(spec, record: record, hostLinks: &hostLinks, ports: ports, networkNamespace: &networkNamespace)
            case let .terminal(slave, path):
                spec.stdio = .fds(stdin: slave, stdout: slave, stderr: slave)
                spec.controllingTerminal = true
                spec.mounts.append(MountSpec(destination: "/dev/console", type: "bind", source: path, options: ["bind"]))
                process = try launchProcess(spec, record: record, hostLinks: &hostLinks, ports: ports, networkNamespace: &networkNamespace)
            }
            guard let child = process else { throw CoreError(stage: "launch", errno: ECHILD) }
            group.releaseJoinLock()
            if let ports, let networkNamespace { try ports.serve(in: networkNamespace) }
            let runState = AppRunState(pid: child.pid, pidStartTime: ProcessLiveness.startTime(of: child.pid) ?? 0,
                                       supervisorPid: supervisor, supervisorStartTime: ProcessLiveness.startTime(of: supervisor) ?? 0,
                                       cgroupPath: group.path, hostLinks: hostLinks, storeRoot: store.root)
            try store.saveRunState(runState, of: id)
            try store.saveState(AppContainerState(status: .running, startedAt: RFC3339.now(nanoseconds: true)), of: id,
                                durable: !record.config.autoRemove)
            return LiveAppContainer(record: record, process: child, cgroup: group, runState: runState, ports: ports)
        } catch {
            Self.detachIdmappedLayers(idmappedLayers)
            ports?.close()
            if let process {
                try? process.signal(SIGKILL)
                _ = try? process.wait()
            }
            networking.disconnect(record, store: store, hostLinks: hostLinks)
            if let cgroup { Self.removeCgroup(cgroup) }
            store.removeRunDirectory(of: id)
            throw error
        }
    }

    /// With `ports`, `networkNamespace` gets the child's network namespace, held while the
    /// child waits before its execve.
    private func launchProcess(_ spec: LaunchSpec, record: AppContainerRecord, hostLinks: inout [String], ports: PortPublisher?,
                               networkNamespace: inout HeldNetworkNamespace?) throws -> ContainerProcess {
        var links: [String] = []
        var namespace: HeldNetworkNamespace?
        defer { hostLinks = links; networkNamespace = namespace }
        let networking = self.networking
        let store = self.store
        return try Launcher().launch(spec) { pid in
            links = try networking.connect(record, store: store, pid: pid)
            if ports != nil { namespace = try HeldNetworkNamespace(ofProcess: pid) }
        }
    }

    /// The container's process as every launch (and a checkpoint's description of it) sees
    /// it: the record's spec with security, volumes, init and the network mode applied; a
    /// read-only root of one layer is that layer, bound (AppLayerRoot).
    func containerSpec(_ record: AppContainerRecord) throws -> (LaunchSpec, AppSecurityOptions) {
        var spec = try record.launchSpec(store: store)
        let security = try securityOptions(for: record.config)
        try security.apply(to: &spec)
        try addVolumes(record, to: &spec)
        if record.config.initProcess { try addInit(to: &spec) }
        Self.applyNetworkMode(record.config.networkMode, to: &spec)
        if let layer = AppLayerRoot.layer(for: record, spec: spec), let overlay = spec.rootfs {
            spec.rootfs = RootfsSpec(.directory(layer), readonly: true, propagation: overlay.propagation)
        }
        return (spec, security)
    }

    /// `--network host` shares the host's namespace; an own namespace gets the ping sysctl, so
    /// ping works through ICMP datagram sockets without CAP_NET_RAW (not among the defaults).
    static func applyNetworkMode(_ mode: AppNetworkMode, to spec: inout LaunchSpec) {
        if mode == .host { spec.namespaces.removeAll { $0.kind == .network } }
        spec.allowPingForAllGroups()
    }

    /// The group that this store's containers without a cpuset of their own share: one per run
    /// root, so a test's store leaves nothing in another's.
    var sharedCpuset: SharedCpuset { SharedCpuset(scope: store.runRoot) }

    /// The container's own cgroup (in the shared cpuset group unless it asks for cpus or
    /// mems); one that exists already is a leftover of a crash.
    func createCgroup(_ record: AppContainerRecord, resources: CgroupResources) throws(CoreError) -> Cgroup {
        let path = store.cgroupPath(of: record.id)
        do {
            return try Cgroup.create(path: path, resources: resources, sharingCpuset: sharedCpuset)
        } catch where error.kind == .alreadyExists {
            throw CoreError(stage: "start \(record.name)", errno: EEXIST,
                            detail: "cgroup \(path) is in use (a leftover of a crash: run `cbench cleanup`)")
        }
    }

    /// The container's own cgroup with its limits and its security options' device rules.
    func createCgroup(_ record: AppContainerRecord, security: AppSecurityOptions) throws(CoreError) -> Cgroup {
        var resources = record.cgroupResources
        resources.devices = security.cgroupDeviceRules
        return try createCgroup(record, resources: resources)
    }

    /// Kills what is left in the cgroup and removes it (with the cgroups a systemd init made
    /// inside: `Cgroup.remove`).
    static func removeCgroup(_ cgroup: Cgroup) {
        try? cgroup.killAll(signal: SIGKILL)
        try? cgroup.remove()
        cgroup.leaveSharedGroups()
        removeEmptyParents(of: cgroup)
    }

    /// A cgroup below the project parent (a record from before app cgroups moved to the root)
    /// leaves the host as found; a concurrent create makes the parent again (makeLevels).
    static func removeEmptyParents(of cgroup: Cgroup) {
        if CgroupPaths.isBelowProjectParent(cgroup.path) { Cgroup.removeEmptyProjectParents(host: cgroup.host) }
    }

    /// A run state whose process is gone (its supervisor crashed): cgroup, links and run state go.
    func clearStale(_ record: AppContainerRecord) throws {
        guard let stale = store.loadRunState(of: record.id), !stale.isAlive else { return }
        networking.disconnect(record, store: store, hostLinks: stale.hostLinks)
        if let cgroup = try? Cgroup.open(path: stale.cgroupPath) {
            // ENOENT: removed meanwhile by the supervisor finishing at the same time.
            try Self.killAllIgnoringRemoval(cgroup)
            try cgroup.remove()
            cgroup.leaveSharedGroups()
            Self.removeEmptyParents(of: cgroup)
        }
        store.removeRunDirectory(of: record.id)
    }

    /// `-v` and `--tmpfs` mounts, after the standard ones. A named volume is made on first use
    /// and gets what the container's root holds at its mount point, as Docker and podman copy it.
    func addVolumes(_ record: AppContainerRecord, to spec: inout LaunchSpec) throws {
        let volumes = volumeStore
        let layers = record.layerDirectories + [store.upperDirectory(of: record.id)]
        for text in record.config.volumes {
            let mount = try VolumeMount(parsing: text)
            spec.mounts.append(try volumes.mountSpec(for: mount) { data in
                try ImageStore.unpackFlattened(path: mount.destination, of: layers, into: data)
            })
        }
        for text in record.config.tmpfs ?? [] {
            spec.mounts.append(try TmpfsMount(parsing: text).mountSpec)
        }
    }

    /// `--init`: cbench-init as PID 1 in front of the command.
    func addInit(to spec: inout LaunchSpec) throws {
        guard let binary = InitLocator.find() else {
            throw CoreError(stage: "--init", errno: ENOENT, detail: "cbench-init not found; build it with Scripts/build-probe or set CBENCH_INIT")
        }
        AppInit.apply(to: &spec, binary: binary)
    }
}
