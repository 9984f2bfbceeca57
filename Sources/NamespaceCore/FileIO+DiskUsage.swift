#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// Bytes the trees at `paths` take on disk (allocated blocks, as `du` counts them), each
    /// file counted once however many paths or hard links reach it: layers shared by several
    /// images, or a layer reached from two images' lists, count once. Symlinks are not
    /// followed, other file systems mounted inside are not entered; a missing path counts 0.
    public static func diskUsage(of paths: [String]) -> UInt64 {
        var seen = Set<FileIdentity>()
        var total: UInt64 = 0
        for path in paths {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            total += usage(path, info: info, device: info.st_dev, seen: &seen)
        }
        return total
    }

    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func usage(_ path: String, info: stat, device: dev_t, seen: inout Set<FileIdentity>) -> UInt64 {
        guard seen.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return 0 }
        var total = UInt64(info.st_blocks) * 512
        guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_dev == device else { return total }
        for name in (try? names(in: path)) ?? [] {
            let child = path + "/" + name
            var childInfo = stat()
            guard lstat(child, &childInfo) == 0, childInfo.st_dev == device else { continue }
            total += usage(child, info: childInfo, device: device, seen: &seen)
        }
        return total
    }
}
