#if canImport(Glibc)
import Glibc
#endif

/// What one empty memory cgroup costs the kernel right now: Slab before and after making a
/// few empty memory cgroups, divided by their number; they are removed again at once. Most of
/// it is the shrinker map every memory cgroup gets when it comes online (one kmalloc-1k
/// object per 64 shrinker ids, sized by the host's highest id since boot, never shrunk), so
/// it is what each container's own cgroup pays at that moment: little on a fresh host, about
/// 1.4 MB after ramps of thousands of containers. Root only (it makes cgroups); the
/// directories are named `cbench-…`, so `cbench cleanup` removes one a crash left.
public struct EmptyMemoryCgroupProbe: Sendable {
    /// Slab of /proc/meminfo, in bytes.
    public var slabBytes: @Sendable () -> UInt64?
    /// mkdir of a cgroup directory; false when it failed.
    public var make: @Sendable (String) -> Bool
    public var remove: @Sendable (String) -> Void
    /// Where they are made: the memory hierarchy's root.
    public var memoryMountPoint: String
    /// How many are made: Slab moves in pages, and one map can be under a page.
    public var count: Int
    /// Objects in use of the kmalloc-1k cache (/proc/slabinfo's active_objs, root only): a map
    /// takes one per 64 shrinker ids. Slab does not move while the cache's partly free pages
    /// absorb the maps (a host freeing removed cgroups has many), this count does.
    public var kmalloc1kObjects: @Sendable () -> Int64?

    public init(memoryMountPoint: String, count: Int = 4, slabBytes: @escaping @Sendable () -> UInt64?,
                kmalloc1kObjects: @escaping @Sendable () -> Int64? = { nil },
                make: @escaping @Sendable (String) -> Bool, remove: @escaping @Sendable (String) -> Void) {
        self.memoryMountPoint = memoryMountPoint
        self.count = count
        self.slabBytes = slabBytes
        self.kmalloc1kObjects = kmalloc1kObjects
        self.make = make
        self.remove = remove
    }

    /// The probe on this host's memory hierarchy.
    public static func real(memoryMountPoint: String) -> EmptyMemoryCgroupProbe {
        EmptyMemoryCgroupProbe(memoryMountPoint: memoryMountPoint, slabBytes: { HostMemoryInfo.read().slab },
                               kmalloc1kObjects: { Self.slabinfoActiveObjects(HostRoot.system.read("/proc/slabinfo") ?? "", cache: "kmalloc-1k") },
                               make: { mkdir($0, 0o755) == 0 }, remove: { _ = rmdir($0) })
    }

    /// Per cgroup made: Slab bytes (negative when the host freed more meanwhile) and
    /// kmalloc-1k objects (nil when unread).
    public struct Reading: Sendable, Equatable {
        public var slabBytes: Int64
        public var kmalloc1kObjects: Int64?
    }

    /// Bytes of Slab per cgroup made; nil when Slab could not be read or a cgroup could not be made.
    public func measure() -> Int64? { measureReading()?.slabBytes }

    /// Slab and kmalloc-1k objects per cgroup made; nil when Slab could not be read or a
    /// cgroup could not be made.
    public func measureReading() -> Reading? {
        let directories = (0..<max(1, count)).map { CgroupPaths.absolute("\(Self.namePrefix)\(getpid())-\($0)", under: memoryMountPoint) }
        guard let before = slabBytes() else { return nil }
        let objectsBefore = kmalloc1kObjects()
        var made: [String] = []
        defer { for directory in made.reversed() { remove(directory) } }
        for directory in directories {
            guard make(directory) else { return nil }
            made.append(directory)
        }
        guard let after = slabBytes() else { return nil }
        let objects = objectsBefore.flatMap { before in kmalloc1kObjects().map { ($0 - before) / Int64(made.count) } }
        return Reading(slabBytes: (Int64(after) - Int64(before)) / Int64(made.count), kmalloc1kObjects: objects)
    }

    /// active_objs (the second field) of `cache`'s line of /proc/slabinfo text.
    static func slabinfoActiveObjects(_ text: String, cache: String) -> Int64? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, fields[0] == cache { return Int64(fields[1]) }
        }
        return nil
    }

    /// The cgroups' names begin so (a project cgroup at a hierarchy's root: `cbench cleanup`).
    public static let namePrefix = CgroupPaths.topLevelPrefix + "memcg-probe-"
}
