#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Lab {
    /// Runs `command` inside lab host `name`: its network, mount, UTS and cgroup namespaces
    /// (entered through its sshd's /proc/PID/ns), in its cgroup, with the caller's stdio.
    /// Returns the command's exit code as a shell shows it.
    public func exec(host name: String, command: [String]) throws -> Int32 {
        guard !command.isEmpty else { throw CoreError(stage: "lab exec \(name)", detail: "no command given: cbench lab exec HOST -- CMD") }
        let records = LabHostRecord.all()
        guard let record = records.first(where: { $0.name == name }) else {
            let known = records.map(\.name).joined(separator: ", ")
            throw CoreError(stage: "lab exec \(name)", detail: records.isEmpty ? "no lab is up: start one with `cbench lab up`"
                                                                              : "no lab host \(name) (hosts: \(known))")
        }
        let spec = try execSpec(record, command: command)
        // Opened before the check below, the namespaces cannot be another process's.
        guard record.isAlive else {
            throw CoreError(stage: "lab exec \(name)", errno: ESRCH, detail: "the host's sshd (pid \(record.pid)) is gone: `cbench lab down`, then `cbench lab up`")
        }
        let process = try Launcher().launch(spec)
        return try process.wait().exitCodeForShell
    }

    func execSpec(_ record: LabHostRecord, command: [String]) throws -> LaunchSpec {
        let cgroups = LabCgroups(host: try CgroupHost.current())
        guard let address = IPv4Prefix(record.address) else {
            throw CoreError(stage: "lab exec \(record.name)", detail: "bad address in its record: \(record.address)")
        }
        let host = LabHostPlan(name: record.name, address: address)
        let executable = try CBenchExecutable.locate()
        let files = LabSSHFiles(plan: try LabPlan(hostCount: 1), cbenchExecutable: executable, clientPublicKey: "", hostPublicKeys: [:])
        var spec = LaunchSpec(args: command, environment: LabHostLaunch(host: host, files: files, cgroups: cgroups, sharedCaches: []).environment
                                + ["TERM=\(getenv("TERM").map { String(cString: $0) } ?? "dumb")"])
        spec.namespaces = ["net", "mnt", "uts", "cgroup"].map { kind in
            NamespaceSpec(Self.namespaceKind(kind), path: "/proc/\(record.pid)/ns/\(kind)")
        }
        spec.cgroupPlacement = cgroups.placement(host)
        spec.newSession = false
        return spec
    }

    static func namespaceKind(_ file: String) -> NamespaceKind {
        switch file {
        case "net": return .network
        case "mnt": return .mount
        case "uts": return .uts
        default: return .cgroup
        }
    }

    /// One line per lab host: name, address, whether its sshd lives.
    public func status() -> [String] {
        LabHostRecord.all().map { record in
            let state = record.isAlive ? "up (sshd pid \(record.pid))" : "DOWN (sshd pid \(record.pid) gone)"
            return "\(record.name)\t\(record.address)\t\(state)"
        }
    }
}
