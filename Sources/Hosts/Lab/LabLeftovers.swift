import NamespaceCore

/// The lab's share of the leftover finder: `lab down` removes exactly these, through the same
/// removal as `cbench cleanup` (processes by cgroup and start time, cgroups deepest first,
/// namespaces, links, the lab's state and the hosts' stores), so a lab half made, or one whose
/// sshd was killed, comes down the same way. Mounts inside a lab host's mount namespace need
/// no step: they go with the namespace once its last process is gone.
public enum LabLeftovers {
    public static func find(root: HostRoot = .system, mountinfo: String? = nil) -> [Leftover] {
        let all = Leftovers.find(root: root, mountinfo: mountinfo)
        let lab = all.filter { isLab($0) || livesInLab($0, root: root) } + emptiedParents(all)
        let state = root.exists(LabPlan.stateDirectory)
            ? [Leftover(kind: .stateDirectory, target: LabPlan.stateDirectory, evidence: "lab state and keys")] : []
        return lab + state
    }

    /// A hierarchy's `cbench` parent that holds nothing but the lab: `lab up` may have made it,
    /// and the leak check counts it.
    static func emptiedParents(_ all: [Leftover]) -> [Leftover] {
        let cgroups = all.filter { $0.kind == .cgroup }
        return cgroups.filter { parent in
            parent.target.hasSuffix("/" + CgroupPaths.projectParent)
                && cgroups.contains { $0.target.hasPrefix(parent.target + "/") }
                && cgroups.allSatisfy { !$0.target.hasPrefix(parent.target + "/") || isLab($0) }
        }
    }

    /// A process found by another route (an app monitor inside a lab host and its containers,
    /// named by the monitor's socket, not by a cgroup) is the lab's when it lives in a lab
    /// host's cgroup: without this, `lab down` left them running and their cgroups busy.
    static func livesInLab(_ item: Leftover, root: HostRoot) -> Bool {
        guard item.kind == .process, let pid = item.pid else { return false }
        return (root.read("/proc/\(pid)/cgroup") ?? "").split(separator: "\n")
            .contains { $0.contains(":/" + LabPlan.cgroupParent + "/") }
    }

    static func isLab(_ item: Leftover) -> Bool {
        let cgroupMark = "/" + LabPlan.cgroupParent
        switch item.kind {
        case .process:
            return item.evidence.contains(cgroupMark + "/") || item.evidence.hasPrefix(LabPlan.stateDirectory + "/")
        case .cgroup:
            return item.target.hasSuffix(cgroupMark) || item.target.contains(cgroupMark + "/")
        case .networkNamespace:
            return item.target.hasPrefix("\(NetworkNamespace.directory)/\(NetworkNamespace.namePrefix)\(LabPlan.hostNamePrefix)")
        case .link:
            return item.target == LabPlan.bridgeName
                || item.target.hasPrefix(NetworkNamespace.namePrefix + LabPlan.hostNamePrefix)
        case .mount, .temporaryPath:
            return item.target == LabPlan.storeDirectory || item.target.hasPrefix(LabPlan.storeDirectory + "/")
                || item.target.hasPrefix(LabPlan.stateDirectory + "/")
        case .stateDirectory:
            // /run/cbench as a whole is not the lab's; its lab directory is added apart.
            return false
        }
    }
}
