import NamespaceCore

/// LXC has no image of its own (that is LXD's): `lxc-copy` of the stopped container into a
/// second lxcpath of the run (its config and directory root copied, as `lxc-copy -p` does),
/// the copy's cgroup and log made its own, and `lxc-execute` of it there.
extension LXCTarget: ImagingTarget {
    var elsewherePath: String { lxcPath + "-2" }

    public var imageMeans: String {
        "lxc-copy -p \(elsewherePath) of the stopped container (a full copy of its config and directory root into a second lxcpath), then lxc-execute there"
    }

    public var carries: ImagingCarrier { .containerCopy }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let copy = PreparedContainer(id: id, bundle: "\(elsewherePath)/\(id)", cgroupPath: TargetContext.cgroupPath(for: id), workload: container.workload)
        try FileIO.makeDirectories(elsewherePath, mode: 0o755)
        try RealTargetSupport.checked(command("lxc-copy", container.id, ["-N", id, "-p", elsewherePath]), stage: "lxc-copy \(container.id) -p \(elsewherePath)")
        try ownCgroupAndLog(of: copy)
        let arguments = [tool("lxc-execute"), "-n", id, "-P", elsewherePath, "--"] + container.workload.args
        return try RealTargetSupport.runWhole(Spawn(arguments), copy, stage: "lxc-execute \(id) -P \(elsewherePath)")
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        _ = try? Spawn([tool("lxc-stop"), "-n", id, "-P", elsewherePath, "-k"]).run()
        ZombieReaper.reapOrphans(named: ["lxc-start"])
        Cgroup.removeAbandoned(path: TargetContext.cgroupPath(for: id))
        RealTargetSupport.removeOwnedTree(elsewherePath)
        ProjectDirectories.removeIfEmpty([LXCTarget.lxcParent])
    }

    /// A copied config keeps the original's cgroup and log: gives `container` its own.
    func ownCgroupAndLog(of container: PreparedContainer) throws {
        let path = "\(container.bundle)/config"
        let text = FileIO.contents(path).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("lxc.cgroup.dir") { return "lxc.cgroup.dir = \(container.cgroupPath)" }
            if line.hasPrefix("lxc.log.file") { return "lxc.log.file = \(container.bundle)/lxc.log" }
            return String(line)
        }.joined(separator: "\n")
        try FileIO.write(path, Array(text.utf8))
    }
}
