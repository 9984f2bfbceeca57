#if canImport(Glibc)
import Glibc
#endif

/// The memory cgroups the kernel holds: /proc/cgroups' `num_cgroups` counts every one it has
/// not freed, a removed cgroup still charged with page cache included, while the hierarchy's
/// directories are the live ones. Each of them, live or removed, keeps a shrinker map as long
/// as the host's highest shrinker id, so both counts skew what a new container costs.
public struct MemoryCgroupCensus: Sendable, Equatable, Codable {
    /// `num_cgroups` of the memory line of /proc/cgroups.
    public var kernelCount: Int
    /// Directories in the memory hierarchy, its root included (as the kernel counts it).
    public var liveDirectories: Int

    public init(kernelCount: Int, liveDirectories: Int) {
        self.kernelCount = kernelCount
        self.liveDirectories = liveDirectories
    }

    /// Removed but not yet freed.
    public var removedNotFreed: Int { max(0, kernelCount - liveDirectories) }

    /// nil when /proc/cgroups has no memory line or the hierarchy cannot be read.
    public static func read(from root: HostRoot, memoryMountPoint: String) -> MemoryCgroupCensus? {
        guard let count = kernelCount(in: root.read("/proc/cgroups") ?? ""),
              let live = directoryCount(root.resolve(memoryMountPoint)) else { return nil }
        return MemoryCgroupCensus(kernelCount: count, liveDirectories: live)
    }

    /// `num_cgroups` (third field) of the `memory` line.
    public static func kernelCount(in text: String) -> Int? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if fields.count >= 3, fields[0] == "memory" { return Int(fields[2]) }
        }
        return nil
    }

    /// `directory` and every directory below it. A directory's link count is 2 plus its
    /// subdirectories on cgroupfs (and ext4, tmpfs), so one with 2 is not listed: a leaf
    /// cgroup's 30-odd control files are never read. Any other count is listed.
    static func directoryCount(_ directory: String) -> Int? {
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        guard info.st_nlink != 2 else { return 1 }
        guard let names = try? FileIO.directoryNames(in: directory) else { return nil }
        return names.reduce(1) { count, name in count + (directoryCount(directory + "/" + name) ?? 0) }
    }
}
