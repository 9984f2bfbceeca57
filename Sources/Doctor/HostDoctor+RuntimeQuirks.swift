import NamespaceCore
import Targets

extension HostDoctor {
    /// What these machines do to the real runtimes and how cbench's targets deal with it, so a
    /// user meets each quirk as a line here rather than as a crash in a comparison.
    static func runtimeQuirkChecks(facts: HostFacts, tools: [ToolCheck]) -> [DoctorCheck] {
        func working(_ name: String) -> ToolCheck? { tools.first { $0.name == name && $0.works } }
        func major(_ version: String?) -> Substring? { version?.split(separator: ".").first }
        var checks: [DoctorCheck] = []
        if let client = working("docker"), let daemon = working("dockerd"), major(client.version) != major(daemon.version) {
            checks.append(DoctorCheck("docker client", .warn,
                "the docker on PATH (\(client.version ?? "?")) is another client than dockerd's (\(daemon.version ?? "?")); the docker target uses /usr/bin/docker from the docker.io package",
                fix: "nothing for cbench; by hand, call /usr/bin/docker"))
        }
        if working("lxc-start") != nil, facts.cgroups.mode == .hybrid {
            checks.append(DoctorCheck("lxc-checkpoint", .ok,
                "LXC 5.0.2 aborts (double free) when the cgroup2 unified mount is visible: the lxc target checkpoints in a private mount namespace without it, with lxc.tty.max = 0, lxc.console.path = none and CRIU's mntns-compat-mode on restore"))
        }
        if working("podman") != nil, facts.hasCapSysResource == false {
            let files = facts.limits.openFiles?.hard.map(String.init) ?? "the hard limit"
            checks.append(DoctorCheck("podman rlimits", .ok,
                "runc and crun cannot raise hard limits here: the podman targets pass --ulimit nofile=\(files):\(files) and nproc=32768:32768"))
        }
        return checks
    }
}
