#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension StdioDescriptors {
    /// Reads descriptors 0-2 of `pid` from /proc: the link text, the mount id (fdinfo) and the
    /// inode, judged against the mounts of the process's own mount namespace.
    public static func read(pid: Int32, procRoot: String = "/proc") -> StdioDescriptors {
        let mountIDs = containerMountIDs(mountinfo: (try? FileIO.read("\(procRoot)/\(pid)/mountinfo", limit: 4 << 20))
            .map { String(decoding: $0, as: UTF8.self) } ?? "")
        var entries: [Entry] = []
        for number in 0...2 {
            let link = readLink("\(procRoot)/\(pid)/fd/\(number)") ?? ""
            var info = stat()
            let inode = stat("\(procRoot)/\(pid)/fd/\(number)", &info) == 0 ? UInt64(info.st_ino) : 0
            let fdinfo = (try? FileIO.read("\(procRoot)/\(pid)/fdinfo/\(number)")).map { String(decoding: $0, as: UTF8.self) } ?? ""
            entries.append(classify(link: link, inode: inode, mountID: mountID(fdinfo: fdinfo), containerMounts: mountIDs))
        }
        return StdioDescriptors(entries: entries)
    }

    static func classify(link: String, inode: UInt64, mountID: Int?, containerMounts: Set<Int>) -> Entry {
        if link.hasPrefix("pipe:[") { return .pipe(inode: inode) }
        if link.hasPrefix("/"), let mountID, !containerMounts.contains(mountID) {
            return .hostFile(mountID: mountID, inode: inode, path: link)
        }
        return .inside(path: link)
    }

    /// The `mnt_id:` line of an fdinfo file.
    static func mountID(fdinfo: String) -> Int? {
        for line in fdinfo.split(separator: "\n") where line.hasPrefix("mnt_id:") {
            return Int(line.dropFirst("mnt_id:".count).trimmingWhitespace())
        }
        return nil
    }

    /// The first field of every mountinfo line.
    static func containerMountIDs(mountinfo: String) -> Set<Int> {
        Set(mountinfo.split(separator: "\n").compactMap { line in line.split(separator: " ").first.flatMap { Int($0) } })
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
