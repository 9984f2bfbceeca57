#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A lab host's cgroup: `cbench/lab/NAME` in every hierarchy of this machine, v1 ones and the
/// cgroup2 tree alike. cgroupfs is one per kernel, so two lab hosts would collide if each made
/// `cbench/ID` at the hierarchy roots. Instead the lab host starts in its own cgroup, makes a
/// cgroup namespace there and mounts every hierarchy again inside its mount namespace: its
/// mounts then have that cgroup as their root, so the core's layout detection (which reads
/// the mount points in /proc/self/mountinfo) finds the same mode and hierarchies as on the
/// host, and the containers it makes land at `cbench/lab/NAME/cbench/ID`, still below the
/// machine's `cbench` parent where the host's `cbench cleanup` looks.
public struct LabCgroups: Sendable {
    public let host: CgroupHost

    public init(host: CgroupHost) {
        self.host = host
    }

    /// Every hierarchy: a lab host must have its own root in all of them, not only in those
    /// the core puts containers in (name=systemd, hugetlb...).
    var hierarchies: [CgroupHierarchy] { host.layout.allHierarchies }

    /// The names are fixed (lab1, lab2...), so an existing one is a lab's leftover, not another's.
    static let leftoverHint = "a cgroup of an earlier lab is left over: remove it with `cbench lab down`, or `cbench cleanup` after a crash"

    /// Makes the directories (parents as needed); a v1 cpuset level gets its parent's cpus and
    /// mems, without which no task can join it.
    public func create(_ hostPlan: LabHostPlan) throws(CoreError) {
        for hierarchy in hierarchies {
            let levels = try CgroupPaths.levels(of: hostPlan.cgroupPath, under: hierarchy.mountPoint)
            for (index, level) in levels.enumerated() {
                do { try host.fs.mkdir(level) } catch {
                    guard error.errno == EEXIST, index < levels.count - 1 else {
                        throw CoreError(stage: "lab cgroup \(level)", errno: error.errno,
                                        detail: error.errno == EEXIST ? Self.leftoverHint : nil)
                    }
                }
                if hierarchy.version == .v1 && hierarchy.has("cpuset") {
                    try inheritCpuset(level)
                }
            }
        }
    }

    func inheritCpuset(_ level: String) throws(CoreError) {
        let parent = CgroupPaths.parent(of: level)
        for name in ["cpuset.cpus", "cpuset.mems"] {
            let own = (try? host.fs.read("\(level)/\(name)"))?.trimmingWhitespace() ?? ""
            guard own.isEmpty else { continue }
            do {
                let inherited = try host.fs.read("\(parent)/\(name)").trimmingWhitespace()
                try host.fs.write("\(level)/\(name)", inherited)
            } catch {
                throw CoreError(stage: "lab cgroup \(level)/\(name)", errno: error.errno, detail: "copying from \(parent)")
            }
        }
    }

    /// Where the lab host's first process goes before anything else runs.
    public func placement(_ hostPlan: LabHostPlan) -> CgroupPlacement {
        let v1 = host.layout.v1Hierarchies.map { CgroupPaths.absolute(hostPlan.cgroupPath, under: $0.mountPoint) + "/tasks" }
        let unified = host.layout.unified.map { CgroupPaths.absolute(hostPlan.cgroupPath, under: $0.mountPoint) }
        return CgroupPlacement(taskFiles: v1, unifiedDirectory: unified)
    }

    /// The mounts that give the lab host its own view: a fresh tmpfs at the hierarchies' common
    /// parent, then each hierarchy mounted again (inside the cgroup namespace, so rooted at the
    /// host's cgroup) at the same mount point as on this machine.
    public func mounts() -> [MountSpec] {
        let points = hierarchies.map(\.mountPoint)
        var specs: [MountSpec] = []
        if let parent = Self.commonParent(of: points), parent != "/" {
            specs.append(MountSpec(destination: parent, type: "tmpfs", source: "tmpfs",
                                   options: ["nosuid", "nodev", "noexec", "mode=755"]))
        }
        for hierarchy in host.layout.v1Hierarchies {
            let named = hierarchy.controllers.contains { $0.hasPrefix("name=") }
            specs.append(MountSpec(destination: hierarchy.mountPoint, type: "cgroup", source: "cgroup",
                                   options: ["nosuid", "nodev", "noexec"] + (named ? ["none"] : []) + hierarchy.controllers))
        }
        if let unified = host.layout.unified {
            specs.append(MountSpec(destination: unified.mountPoint, type: "cgroup2", source: "cgroup2",
                                   options: ["nosuid", "nodev", "noexec"]))
        }
        return specs
    }

    /// /sys/fs/cgroup for /sys/fs/cgroup/memory and /sys/fs/cgroup/unified; on a pure v2 host
    /// (one mount at /sys/fs/cgroup) its parent.
    static func commonParent(of paths: [String]) -> String? {
        guard let first = paths.first else { return nil }
        var common = CgroupPaths.parent(of: first)
        for path in paths.dropFirst() {
            while common != "/" && !path.hasPrefix(common + "/") { common = CgroupPaths.parent(of: common) }
        }
        return common
    }
}
