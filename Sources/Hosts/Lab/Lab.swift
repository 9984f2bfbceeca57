#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// `cbench lab`: simulated hosts on this machine. Each is a network namespace on the lab
/// bridge, its own UTS name, mount namespace (private /var/lib/cbench, /run, /tmp, /etc/ssh),
/// cgroup and cgroup namespace, and an sshd on its underlay address, running this cbench.
public struct Lab {
    public var commands: any HostCommandRunning
    public var output: (String) -> Void

    public init(commands: any HostCommandRunning = HostCommandRunner(), output: @escaping (String) -> Void = { print($0) }) {
        self.commands = commands
        self.output = output
    }

    /// Whether a lab is up (or half made): its state directory exists.
    public static var exists: Bool { access(LabPlan.stateDirectory, F_OK) == 0 }

    /// Makes the lab; on any failure everything made so far is removed again.
    @discardableResult
    public func up(hosts count: Int, subnet: IPv4Prefix = LabPlan.defaultSubnet) throws -> [LabHostRecord] {
        guard !Self.exists else {
            throw CoreError(stage: "lab up", errno: EEXIST, detail: "a lab is already up: see `cbench lab status`, or remove it with `cbench lab down`")
        }
        let plan = try LabPlan(hostCount: count, subnet: subnet)
        guard access("/usr/sbin/sshd", X_OK) == 0 else {
            throw CoreError(stage: "lab up", errno: ENOENT, detail: "/usr/sbin/sshd is missing: install openssh-server (make setup)")
        }
        let executable = try CBenchExecutable.locate()
        do {
            return try build(plan, executable: executable)
        } catch {
            _ = down()
            throw error
        }
    }

    private func build(_ plan: LabPlan, executable: String) throws -> [LabHostRecord] {
        let files = try LabSetup(commands: commands).writeFiles(plan, executable: executable)
        let network = try LabNetwork.real()
        try network.createBridge(plan)
        let cgroups = LabCgroups(host: try CgroupHost.current())
        let caches = LabHostLaunch.existingCaches()
        let programTree = LabHostLaunch.hiddenProgramTree(of: InstallLayout(executable: executable, fileExists: { access($0, F_OK) == 0 }))
        var records: [LabHostRecord] = []
        for host in plan.hosts {
            let namespace = try NetworkNamespace.create(named: host.networkNamespace)
            let descriptor = try namespace.openDescriptor()
            defer { close(descriptor) }
            try network.connect(host, namespace: .descriptor(descriptor))
            try cgroups.create(host)
            let launch = LabHostLaunch(host: host, files: files, cgroups: cgroups, sharedCaches: caches, hiddenProgramTree: programTree)
            records.append(try LabHostStart(launch: launch).start())
        }
        for record in records { try LabHostStart.awaitListening(record) }
        return records
    }

    /// Removes every object of the lab; returns the removals that failed (empty when all went).
    public func down() -> [LeftoverOutcome] {
        let outcomes = Leftovers.remove(LabLeftovers.find(), actions: SystemLeftoverActions(commands: commands))
        ProjectDirectories.removeIfEmpty([ProjectDirectories.runtime])
        return outcomes.filter { $0.error != nil }
    }
}
