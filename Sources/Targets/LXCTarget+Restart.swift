import Foundation
import NamespaceCore

/// `lxc-execute` of one container twice: its config and root stay in the bundle between runs.
extension LXCTarget: RestartingTarget {
    public var restartMeans: String { "lxc-execute of the same container twice (its config and directory root are kept)" }
}

/// `lxc-copy -s`: a snapshot clone, an overlay over the stopped container's directory root
/// (the backing store `-s` uses for a directory), its cgroup made its own.
extension LXCTarget: CloningTarget {
    public var cloneMeans: String { "lxc-copy -s of the stopped container: a snapshot clone, an overlay over its directory root" }

    public func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer {
        let clone = PreparedContainer(id: id, bundle: "\(lxcPath)/\(id)", cgroupPath: TargetContext.cgroupPath(for: id), workload: container.workload)
        do {
            try RealTargetSupport.checked(command("lxc-copy", container.id, ["-N", id, "-s"]), stage: "lxc-copy -s \(container.id)")
            try ownCgroupAndLog(of: clone)
        } catch {
            cleanup(clone)
            throw error
        }
        return clone
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
