import Foundation
import NamespaceCore

/// LXC has no image of its own (that is LXD's), and `lxc-copy` of a directory root needs
/// rsync, which this host does not have: the means a user of plain LXC has is a tarball of the
/// stopped container (`tar --numeric-owner -czf`, its config and directory root), unpacked in a
/// second lxcpath of the run, its config's paths, name and cgroup rewritten for the new
/// place, then `lxc-execute` of it there.
extension LXCTarget: ImagingTarget {
    var elsewherePath: String { lxcPath + "-2" }

    public var imageMeans: String {
        "tar --numeric-owner -czf of the stopped container's directory (config and root), tar -xzf into a second lxcpath (\(elsewherePath)), "
            + "its config's paths, name and cgroup rewritten, then lxc-execute there"
    }

    public var carries: ImagingCarrier { .containerCopy }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let copy = PreparedContainer(id: id, bundle: "\(elsewherePath)/\(id)", cgroupPath: TargetContext.cgroupPath(for: id), workload: container.workload)
        try FileIO.makeDirectories(elsewherePath, mode: 0o755)
        try RealTargetSupport.checked(["tar", "--numeric-owner", "-czf", archive, "-C", lxcPath, container.id], stage: "tar of \(container.bundle)")
        try RealTargetSupport.checked(["tar", "--numeric-owner", "-xzf", archive, "-C", elsewherePath], stage: "untar \(archive) into \(elsewherePath)")
        guard rename("\(elsewherePath)/\(container.id)", copy.bundle) == 0 else { throw CoreError(stage: "rename to \(copy.bundle)", errno: errno) }
        try rewriteConfig(of: copy, from: container)
        let arguments = [tool("lxc-execute"), "-n", id, "-P", elsewherePath, "--"] + container.workload.args
        return try RealTargetSupport.runWhole(Spawn(arguments), copy, stage: "lxc-execute \(id) -P \(elsewherePath)")
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        _ = try? Spawn([tool("lxc-stop"), "-n", id, "-P", elsewherePath, "-k"]).run()
        ZombieReaper.reapOrphans(named: ["lxc-start"])
        Cgroup.removeAbandoned(path: TargetContext.cgroupPath(for: id))
        RealTargetSupport.removeOwnedTree(elsewherePath)
        try? FileIO.removeTree(archive)
        ProjectDirectories.removeIfEmpty([LXCTarget.lxcParent])
    }

    /// The unpacked config names the original's directory, name and cgroup: `copy`'s instead.
    func rewriteConfig(of copy: PreparedContainer, from original: PreparedContainer) throws {
        let path = "\(copy.bundle)/config"
        let text = FileIO.contents(path).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("lxc.uts.name") { return "lxc.uts.name = \(copy.id)" }
            if line.hasPrefix("lxc.cgroup.dir") { return "lxc.cgroup.dir = \(copy.cgroupPath)" }
            return line.replacingOccurrences(of: original.bundle, with: copy.bundle)
        }.joined(separator: "\n")
        try FileIO.write(path, Array(text.utf8))
    }
}
