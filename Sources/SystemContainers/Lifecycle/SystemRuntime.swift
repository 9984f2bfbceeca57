#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Runs system containers of a `SystemStore`: start, wait, stop, kill, attach, info, destroy.
/// Each call stands alone (the CLI is one process per command); what links them is the
/// state record and the cgroup.
public struct SystemRuntime: Sendable {
    public let store: SystemStore

    public init(store: SystemStore = SystemStore()) {
        self.store = store
    }

    /// Where the init's stdio goes.
    public enum ConsoleOutput: Sendable {
        /// /dev/null: the container holds no host file (checkpointable).
        case discard
        /// RUN/NAME/console.log.
        case logFile
    }

    /// Starts the init and returns once it runs; it keeps running after this process exits.
    @discardableResult
    public func start(name: String, console: ConsoleOutput = .discard,
                      whileInitWaits: (_ pid: Int32) throws -> Void = { _ in }) throws -> SystemStateRecord {
        let config = try store.loadConfig(of: name)
        if let running = store.runningState(of: name) {
            // A migration's command was killed while it held the tree frozen after the dump
            // (the pages went to its destination): it runs on here.
            if isHeldForMigration(name) {
                try releaseMigrationHold(name)
                return running
            }
            throw CoreError(stage: "start \(name)", detail: "already running (pid \(running.pid))")
        }
        try clearStale(name)
        let launchSpec = try config.launchSpec(name: name, defaultRootfs: store.rootfsPath(of: name))
        let host = try CgroupHost.current()
        let resources = try config.cgroupResources(for: host.mode)
        var metadata = try? store.loadMetadata(of: name)
        let vethPlans = try config.vethPlans()
        let network = vethPlans.isEmpty ? nil : try SystemNetwork.real()

        try FileIO.makeDirectories(store.runRoot)
        guard mkdir(store.stateDirectory(of: name), 0o711) == 0 else {
            throw CoreError(stage: "start \(name)", errno: errno, detail: "cannot make \(store.stateDirectory(of: name)) (started twice at once?)")
        }
        var cgroup: Cgroup?
        var process: ContainerProcess?
        var hostLinks: [String] = []
        let terminals = ConsoleSetup(layout: config.consoleTerminals)
        var idmappedRoot: String?
        do {
            let root = try prepareRoot(name: name, config: config, metadata: metadata)
            metadata = root.metadata
            idmappedRoot = root.idmappedPath
            let group = try createCgroup(name: name, resources: resources, host: host)
            cgroup = group
            try group.delegate(to: config.rootOwner)
            var spec = launchSpec.expandingCgroupMounts(for: group)
            if let idmappedRoot { spec.rootfs = try launchRoot(name: name, idmapped: idmappedRoot, config: config) }
            if config.locksMasks { spec.lockingStage = try makeLockingStage(name: name) }
            spec.cgroupPlacement = group.placement
            let stdio = try openConsole(console, name: name)
            defer { stdio.forEach { close($0) } }
            spec.stdio = .fds(stdin: stdio[0], stdout: stdio[1], stderr: stdio[1])
            try terminals.prepare(&spec, socketPath: store.consoleSocketPath(of: name), logPath: store.consoleLogPath(of: name),
                                  owner: config.rootOwner)
            // The network namespace exists while the child waits: wire it before the init runs.
            let child = try Launcher().launch(spec) { pid in
                if let network { hostLinks = try network.connect(vethPlans, pid: pid) }
                try whileInitWaits(pid)
            }
            process = child
            // The init runs in its own copy of the mount: the host's goes.
            if let idmappedRoot { IdmappedMount.unmount(idmappedRoot) }
            let startTime = ProcessLiveness.startTime(of: child.pid) ?? 0
            try terminals.startRelay(initPid: child.pid, initStartTime: startTime, socketPath: store.consoleSocketPath(of: name))
            var record = SystemStateRecord(
                name: name, pid: child.pid, pidStartTime: startTime,
                cgroupPath: group.path, started: Date(), haltSignal: config.haltSignal ?? SIGPWR,
                readinessMarker: metadata?.readinessMarker, hostLinks: hostLinks.isEmpty ? nil : hostLinks)
            record.rootIdmapped = idmappedRoot == nil ? nil : true
            if terminals.relayPid > 0 {
                record.consoleRelayPid = terminals.relayPid
                record.consoleRelayStartTime = ProcessLiveness.startTime(of: terminals.relayPid)
            }
            try store.saveState(record)
            // The address may have been another container's a moment ago (one that moved away,
            // or ran here before): peers holding that one's MAC learn this one's now.
            if network != nil {
                AddressAnnouncement.report(SystemNetwork.announce(vethPlans, hostLinks: hostLinks, pid: child.pid), stage: "start \(name)")
            }
            return record
        } catch {
            terminals.abandon(socketPath: store.consoleSocketPath(of: name))
            if let idmappedRoot { IdmappedMount.unmount(idmappedRoot) }
            if let process {
                try? process.signal(SIGKILL)
                _ = try? process.wait()
            }
            network?.disconnect(hostLinks)
            if let cgroup { Self.discard(cgroup) }
            store.removeStateDirectory(of: name)
            throw error
        }
    }

    /// An empty directory in the state directory where the launch's first child, host root,
    /// mounts the init's proc, sysfs and their masks (in a mount namespace of its own: the host
    /// never sees them).
    func makeLockingStage(name: String) throws(CoreError) -> String {
        let path = store.stateDirectory(of: name) + "/" + SystemStore.lockStageName
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw CoreError.fromErrno("mkdir \(path)") }
        return path
    }

    /// After a failed start or restore: whatever runs in the cgroup is killed and the cgroup
    /// (with the init's own groups below it: `Cgroup.remove`) goes.
    static func discard(_ cgroup: Cgroup) {
        try? cgroup.killAll(signal: SIGKILL)
        try? cgroup.remove()
        Cgroup.removeEmptyProjectParents(host: cgroup.host)
    }

    /// The container's own cgroup; one that exists already is named in the error.
    func createCgroup(name: String, resources: CgroupResources, host: CgroupHost) throws(CoreError) -> Cgroup {
        let path = store.cgroupPath(of: name)
        do {
            return try Cgroup.create(path: path, resources: resources, host: host)
        } catch {
            guard error.kind == .alreadyExists else { throw error }
            throw CoreError(stage: "start \(name)", errno: EEXIST,
                            detail: "cgroup \(path) is in use (a container of this name in another store, or a leftover: `cbench cleanup`)")
        }
    }

    /// [stdin, stdout+stderr], opened close-on-exec (the launcher dups them into place).
    private func openConsole(_ console: ConsoleOutput, name: String) throws(CoreError) -> [Int32] {
        let input = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard input >= 0 else { throw CoreError.fromErrno("open /dev/null") }
        switch console {
        case .discard:
            let output = dup(input)
            return [input, output]
        case .logFile:
            let path = store.consoleLogPath(of: name)
            let output = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard output >= 0 else {
                let code = errno
                close(input)
                throw CoreError(stage: "open \(path)", errno: code)
            }
            return [input, output]
        }
    }

    /// A record whose init is gone (a crash, a halt from inside): its cgroup and state go.
    /// Without a record nothing is touched: a cgroup of that name may belong to a container
    /// of the same name in another store (`cbench cleanup` removes true orphans).
    func clearStale(_ name: String) throws(CoreError) {
        guard let record = store.loadState(of: name), !record.isAlive else { return }
        finishConsoleRelay(record)
        disconnectNetwork(record)
        try removeCgroupIfPresent(record.cgroupPath)
        store.removeStateDirectory(of: name)
    }

    /// The host ends of a stopped container's veth pairs (the kernel deletes them with the
    /// namespace too, but later and asynchronously).
    func disconnectNetwork(_ record: SystemStateRecord) {
        guard let links = record.hostLinks, !links.isEmpty, let network = try? SystemNetwork.real() else { return }
        network.disconnect(links)
    }

    func removeCgroupIfPresent(_ path: String) throws(CoreError) {
        let host = try CgroupHost.current()
        guard let cgroup = try? Cgroup.open(path: path, host: host) else { return }
        try cgroup.killAll(signal: SIGKILL)
        try cgroup.remove()
        Cgroup.removeEmptyProjectParents(host: host)
    }

    func requireRunning(_ name: String) throws(CoreError) -> SystemStateRecord {
        try store.requireExisting(name)
        guard let record = store.runningState(of: name) else {
            throw CoreError(stage: "container \(name)", detail: "is not running (start it with `cbench system start \(name)`)")
        }
        return record
    }
}
