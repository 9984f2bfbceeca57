#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The root of a `--read-only` container of a one-layer image: the layer itself, bound
/// read-only, as runc and crun run a bundle's read-only root. Nothing can be written to such
/// a root, so the overlay's upper and work directories on the store's file system, and the
/// overlay's own superblock (one more shrinker id that every memory cgroup on the host keeps a
/// slot for), would be work for nothing. (overlayfs refuses a single lower layer without an
/// upper one, so a bind is the way.)
///
/// Only where nothing has to be made in the layer: every mount point the launch needs is
/// already there, reached without a symlink, and so is the working directory. The overlay
/// made a missing one in the container's upper directory; in the layer it would change the
/// image. A user-namespaced container keeps the overlay of its idmapped layers.
enum AppLayerRoot {
    enum Entry: Equatable { case missing, symlink, present }

    /// The layer to bind as the root of `spec` (the container's complete launch), or nil to
    /// keep the overlay.
    static func layer(for record: AppContainerRecord, spec: LaunchSpec,
                      entry: (String) -> Entry = Self.entry(at:)) -> String? {
        guard record.config.readOnly, !record.config.usernsRemap, spec.rootfs?.readonly == true,
              record.layerDirectories.count == 1, let layer = record.layerDirectories.first else { return nil }
        let needed = mountPoints(of: spec.mounts) + (spec.workingDirectory == "/" ? [] : [spec.workingDirectory])
        return needed.allSatisfy { isPlainEntry($0, in: layer, entry: entry) } ? layer : nil
    }

    /// The destinations that must be in the root itself: not those beneath an earlier mount
    /// (/dev/pts in the /dev tmpfs, /sys/fs/cgroup in sysfs), which that mount provides.
    static func mountPoints(of mounts: [MountSpec]) -> [String] {
        var earlier: [String] = []
        var points: [String] = []
        for mount in mounts {
            let destination = mount.destination.droppingTrailingSlashes()
            if !earlier.contains(where: { destination.hasPrefix($0 == "/" ? "/" : $0 + "/") && destination != $0 }) {
                points.append(destination)
            }
            earlier.append(destination)
        }
        return points
    }

    /// `path` and every directory on its way exist in `layer` and none is a symlink.
    static func isPlainEntry(_ path: String, in layer: String, entry: (String) -> Entry) -> Bool {
        var prefix = layer
        for component in path.split(separator: "/") where component != "." {
            guard component != ".." else { return false }
            prefix += "/" + component
            guard entry(prefix) == .present else { return false }
        }
        return true
    }

    static func entry(at path: String) -> Entry {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        return (info.st_mode & S_IFMT) == S_IFLNK ? .symlink : .present
    }
}
