#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension CheckpointImage {
    /// The restored tasks of a user-namespaced container open their images as its root, not
    /// as the host's (CRIU fails with "Unable to open tty-info.img: Permission denied" when the
    /// directory is root's and 0700): the image directory and its files go to that owner (host
    /// `uid`:`gid`), who may read its own memory anyway. The time namespace's image is read by
    /// the restored init right after its clone, before its user namespace has an id map (its
    /// uid is the overflow id then): that file (clock offsets, nothing of the container's
    /// memory) is readable by all, its directory searchable. Host root (0:0): nothing to do.
    public static func hand(_ directory: String, toUID uid: UInt32, gid: UInt32) throws(CoreError) {
        guard uid != 0 || gid != 0 else { return }
        guard lchown(directory, uid, gid) == 0, chmod(directory, 0o711) == 0 else {
            throw CoreError(stage: "restore: hand \(directory) to \(uid):\(gid)", errno: errno)
        }
        for name in try FileIO.names(in: directory) {
            var info = stat()
            let path = "\(directory)/\(name)"
            guard lstat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try hand(path, toUID: uid, gid: gid)
            } else if lchown(path, uid, gid) != 0 {
                throw CoreError(stage: "restore: hand \(path) to \(uid):\(gid)", errno: errno)
            } else if imagesReadBeforeIDMap.contains(name), chmod(path, 0o644) != 0 {
                throw CoreError(stage: "restore: chmod \(path)", errno: errno)
            }
        }
    }

    static let imagesReadBeforeIDMap: Set<String> = ["timens-0.img"]
}
