import Foundation
import Glibc
import NamespaceCore

/// `lxc-checkpoint -s` / `-r` with the quirks of LXC 5.0.2 and CRIU 4 here (HOST-NOTES):
/// both run in a private mount namespace with the cgroup2 `unified` mount hidden (else LXC
/// aborts with a double free), the restore with a CRIU config holding `mntns-compat-mode`;
/// the config already has no ttys and no console. A restore of an overlay root fails before
/// CRIU even starts, so a checkpointable container gets a private copy of its root instead.
extension LXCTarget: CheckpointingTarget {
    public func checkpointSupport() -> CheckpointSupport {
        guard ExecutablePath.find(tool("lxc-checkpoint"), environment: environment) != nil else {
            return .unsupported(reason: "\(tool("lxc-checkpoint")) is not installed (apt-get install lxc)")
        }
        guard ExecutablePath.find("unshare", environment: environment) != nil else {
            return .unsupported(reason: "unshare is not installed (util-linux): lxc-checkpoint must run in a private mount namespace")
        }
        guard let criu = CheckpointSupport.findCRIU(environment: environment) else {
            return .unsupported(reason: "lxc-checkpoint needs criu, which is not installed (Scripts/setup provisions criu 4)")
        }
        return .supported(criu: criu)
    }

    public func prepareCheckpointable(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        guard !workload.userNamespace else {
            throw CoreError(stage: "lxc checkpointable \(id)", detail: "a user-namespaced container is not checkpointed here")
        }
        let prepared = try prepare(workload, id: id)
        do {
            let root = "\(prepared.bundle)/rootfs"
            try RealTargetSupport.checked(["cp", "-a", workload.rootfs, root], stage: "copy \(workload.rootfs) for lxc-checkpoint")
            let configPath = "\(prepared.bundle)/config"
            let lines = FileIO.contents(configPath).split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("lxc.rootfs.path") ? "lxc.rootfs.path = dir:\(root)" : String(line)
            }
            try FileIO.write(configPath, Array(lines.joined(separator: "\n").utf8))
            try FileIO.write(criuConfigPath(prepared), Array("mntns-compat-mode\n".utf8))
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        let phase = try RealTargetSupport.timed("checkpoint") {
            try RealTargetSupport.checked(withoutUnifiedCgroup(command("lxc-checkpoint", container.id, ["-s", "-D", directory])),
                                          stage: "lxc-checkpoint -s \(container.id)")
        }
        // The monitor of the dumped container exited and came back to us.
        ZombieReaper.reapOrphans(named: ["lxc-start"])
        return phase
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        try RealTargetSupport.timed("restore") {
            let arguments = ["env", "CRIU_CONFIG_FILE=\(criuConfigPath(container))"]
                + withoutUnifiedCgroup(command("lxc-checkpoint", container.id, ["-r", "-D", directory]))
            let outcome = try Spawn(arguments, stdout: .null, stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "lxc-checkpoint -r \(container.id)",
                                detail: "exit \(outcome.status): \(outcome.stderr.firstLine()) (log: \(container.bundle)/lxc.log)")
            }
        }
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        let outcome = try RealTargetSupport.checked(command("lxc-info", container.id, ["-p", "-H"]),
                                                    stage: "lxc-info -p \(container.id)")
        guard let pid = pid_t(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "lxc-info -p \(container.id)", detail: "no pid: '\(outcome.stdout.firstLine())'")
        }
        return pid
    }

    func criuConfigPath(_ container: PreparedContainer) -> String { "\(container.bundle)/criu.conf" }

    /// `unshare -m sh -c 'umount /sys/fs/cgroup/unified; exec "$0" "$@"' <command>`: the
    /// umount is private to the new mount namespace and may fail where there is no such mount.
    func withoutUnifiedCgroup(_ command: [String]) -> [String] {
        ["unshare", "-m", "sh", "-c", "umount /sys/fs/cgroup/unified 2>/dev/null; exec \"$0\" \"$@\""] + command
    }
}

extension LXCTarget {
    /// After a restore the container's monitor is the forked `lxc-checkpoint`; once stopped it
    /// comes back to us as a zombie.
    public func stopRestored(_ container: PreparedContainer) throws -> ContainerRun {
        defer { ZombieReaper.reapOrphans(named: ["lxc-checkpoint", "lxc-start"]) }
        return try stop(container)
    }
}
