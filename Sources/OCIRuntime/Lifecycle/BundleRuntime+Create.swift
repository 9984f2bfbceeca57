#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import NamespaceCore

extension BundleRuntime {
    /// How a container's process is released after set-up.
    public enum Release: Sendable {
        /// Wait at the start gate until `start` (OCI create).
        case atStart
        /// Exec at once (run).
        case immediately
    }

    /// The cpuset group that this state root's containers without cpus or mems of their own
    /// share (`SharedCpuset`).
    var sharedCpuset: SharedCpuset { SharedCpuset(scope: store.root) }

    /// Creates the container of the bundle: state directory, cgroup, and the process waiting
    /// at its start gate (or already running, for `.immediately`). On any failure nothing stays.
    /// What `create` made: kept together so `run` can tear it down without looking it up again.
    public struct Created: Sendable {
        public let record: ContainerRecord
        public let process: ContainerProcess
        public let cgroup: Cgroup
        /// The master of the pty the process opened in the container's devpts, when the caller
        /// relays it (`run` on a terminal); the caller closes it.
        public let terminal: Int32?
    }

    /// With `process.terminal`, the process opens a pty in the container's devpts: its master
    /// goes to `consoleSocket`, or with `relaysTerminal` (`run` in the foreground) comes back in
    /// `Created.terminal`.
    @discardableResult
    /// `startsHere`: `run`, whose own `start` follows in this process. A startContainer hook then
    /// has it re-execute sealed now, before anything exists, since a re-execution at `start`
    /// would create the container a second time.
    public func create(id: String, bundle: String, pidFile: String?, release: Release, consoleSocket: String? = nil,
                       relaysTerminal: Bool = false, startsHere: Bool = false) throws -> Created {
        try StateStore.validate(id: id)
        let bundlePath = BundleRuntime.absolute(bundle)
        let spec = try RuntimeSpec.load(bundle: bundlePath)
        var launch = try spec.launchSpec(bundle: bundlePath)
        let resources = try spec.cgroupResources()
        try spec.refuseWhatTheHostCannotHonour(on: hostSupport)
        let cgroupPath = spec.linux?.cgroupsPath.map(BundleRuntime.relativeCgroupPath) ?? "cbench/oci-\(id)"
        try beforeCreating(launch)
        if startsHere, spec.hooks?.has([.startContainer]) == true { try beforeJoining() }
        // startContainer and poststart need the start gate even for `run`, and so does a relayed
        // terminal: the pty takes the caller's window size before the process runs.
        let relays = relaysTerminal && consoleSocket == nil && spec.process?.terminal == true
        let gated = spec.hooks?.has([.startContainer, .poststart]) == true || relays
        let release = release == .immediately && gated ? .atStart : release
        launch.pausesForHooks = spec.hooks?.has(HookKind.atCreate) == true
        let channel = try Self.terminal(for: &launch, wanted: spec.process?.terminal == true, consoleSocket: consoleSocket,
                                        relays: relaysTerminal, stage: "create \(id)")
        var received = false
        defer {
            if let channel { if !received { channel.close() } } else if let socket = launch.consoleSocket { close(socket) }
        }

        try store.reserve(id: id)
        var cgroup: Cgroup?
        var process: ContainerProcess?
        var hookRan = false
        let created = Date()
        func record(pid: Int32) -> ContainerRecord {
            ContainerRecord(
                id: id, bundle: bundlePath, rootfs: spec.rootPath(bundle: bundlePath), pid: pid,
                pidStartTime: pid > 0 ? ProcessLiveness.startTime(of: pid) ?? 0 : 0, created: created,
                cgroupPath: cgroupPath, started: release == .immediately,
                annotations: spec.annotations ?? [:], hooks: spec.hooks)
        }
        do {
            if release == .atStart {
                let fifo = store.fifoPath(of: id)
                guard mkfifo(fifo, 0o600) == 0 else { throw CoreError.fromErrno("mkfifo \(fifo)") }
                // The process opens the gate as its own user (mapped, in a user namespace).
                let owner = (BundleRuntime.hostID(launch.user.uid, in: launch.uidMappings),
                             BundleRuntime.hostID(launch.user.gid, in: launch.gidMappings))
                guard chown(fifo, owner.0, owner.1) == 0 else { throw CoreError.fromErrno("chown \(fifo)") }
                launch.startGateFIFO = fifo
            }
            let group = try Cgroup.create(path: cgroupPath, resources: resources, sharingCpuset: sharedCpuset)
            cgroup = group
            try spec.refuseUnenforced(in: group)
            var placed = launch.expandingCgroupMounts(for: group)
            placed.cgroupPlacement = group.placement
            let child = try Launcher().launch(placed, atHooks: { pid in
                hookRan = true
                let state = record(pid: pid).stateDocument(status: .creating)
                for kind in HookKind.atCreate { try hooks.run(kind, of: spec.hooks, state: state) }
            })
            process = child
            group.releaseJoinLock()
            received = true
            let master = try channel?.receive(stage: "create \(id): the container's console").master
            let record = record(pid: child.pid)
            do {
                try store.save(record)
                if let pidFile { try FileIO.write(pidFile, Array("\(child.pid)".utf8)) }
            } catch {
                if let master { close(master) }
                throw error
            }
            return Created(record: record, process: child, cgroup: group, terminal: master)
        } catch {
            if let process {
                try? process.signal(SIGKILL)
                _ = try? process.wait()
            }
            if let cgroup {
                try? cgroup.remove()
                cgroup.leaveSharedGroups()
                Cgroup.removeEmptyProjectParents(host: cgroup.host)
            }
            store.remove(id: id)
            // The spec: after a failed create hook the container is destroyed, then poststop runs.
            if hookRan {
                try? hooks.run(.poststop, of: spec.hooks, state: record(pid: 0).stateDocument(status: .stopped))
            }
            throw error
        }
    }

    /// The host id that `id` inside the container maps to (itself without mappings).
    static func hostID(_ id: UInt32, in mappings: [IDMapping]) -> UInt32 {
        guard !mappings.isEmpty else { return id }
        for mapping in mappings where id >= mapping.containerID && id - mapping.containerID < mapping.size {
            return mapping.hostID + (id - mapping.containerID)
        }
        return UInt32(bitPattern: -1)
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path == "." || path.isEmpty ? cwd : "\(cwd)/\(path)"
    }

    /// OCI cgroupsPath is absolute from the hierarchy root or relative to ours; store it relative.
    static func relativeCgroupPath(_ path: String) -> String {
        String(path.drop(while: { $0 == "/" }))
    }

    /// Gives `launch` its terminal when the process wants one: the process opens its pty in the
    /// container's devpts and sends the master itself (CShim's console.c), as runc does, to the
    /// console socket, or back over the returned channel to the caller that `relays` it. A
    /// terminal with nowhere to go, or a socket without a terminal, is an error.
    static func terminal(for launch: inout LaunchSpec, wanted: Bool, consoleSocket: String?, relays: Bool,
                         stage: String) throws -> ConsoleChannel? {
        let hasSomewhere = consoleSocket != nil || relays
        guard wanted ? hasSomewhere : consoleSocket == nil else { throw ConsoleSocket.mismatch(stage: stage, terminal: wanted) }
        guard wanted else { return nil }
        launch.newSession = true
        launch.controllingTerminal = false // the child makes its own pty's slave the terminal
        if let consoleSocket {
            launch.consoleSocket = try ConsoleSocket.connect(to: consoleSocket)
            return nil
        }
        let channel = try ConsoleChannel.open()
        launch.consoleSocket = channel.childEnd
        return channel
    }
}
