#if canImport(Glibc)
import Glibc
#endif

/// Superblocks as mountinfo shows them: each mount's `major:minor` (its third field) names its
/// superblock, so the devices a container's mountinfo shows that the host's does not are the
/// superblocks the container made (its proc, sysfs, mqueue, devpts, tmpfs, overlay), each of
/// which holds a shrinker id while it lives (`ShrinkerMark`).
public enum SuperblockCensus {
    /// The distinct `major:minor` of mountinfo text.
    public static func devices(inMountinfo text: String) -> Set<String> {
        Set(HostMountTable.parse(text).compactMap(\.device))
    }

    /// Superblocks of `container`'s mountinfo that `host`'s lacks.
    public static func newSuperblocks(container: String, host: String) -> Int {
        devices(inMountinfo: container).subtracting(devices(inMountinfo: host)).count
    }

    /// The superblocks of process `pid`'s mount namespace that this process's lacks; nil when
    /// its mountinfo cannot be read.
    public static func newSuperblocks(ofProcess pid: pid_t, root: HostRoot = .system) -> Int? {
        guard let container = root.read("/proc/\(pid)/mountinfo"), let host = root.read("/proc/self/mountinfo") else { return nil }
        return newSuperblocks(container: container, host: host)
    }

    /// The distinct superblocks mounted in any mount namespace a process of the host is in
    /// (one process's mountinfo per namespace). The kernel's internal ones (pipefs, sockfs and
    /// the like) and unmounted ones are not seen, so it is a lower bound of the ids in use.
    public static func mountedOnHost(root: HostRoot = .system) -> Int? {
        guard let entries = try? FileIO.names(in: root.resolve("/proc")) else { return nil }
        var namespaces: Set<String> = []
        var devices: Set<String> = []
        for entry in entries where Int32(entry) != nil {
            guard let namespace = FileIO.readLink(root.resolve("/proc/\(entry)/ns/mnt")), namespaces.insert(namespace).inserted,
                  let text = root.read("/proc/\(entry)/mountinfo") else { continue }
            devices.formUnion(Self.devices(inMountinfo: text))
        }
        return devices.isEmpty ? nil : devices.count
    }
}
