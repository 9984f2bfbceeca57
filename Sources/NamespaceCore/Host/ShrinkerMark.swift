#if canImport(Glibc)
import Glibc
#endif
import CShim

/// The kernel's shrinker high-water mark (mm/shrinker.c): every superblock takes the lowest
/// free memcg-aware shrinker id; an id at or past `shrinker_nr_max` grows the map of every
/// memory cgroup (`expand_shrinker_info`) and raises `shrinker_nr_max` to the next multiple
/// of 64, which never falls; a memory cgroup coming online gets a map of that size
/// (`alloc_shrinker_info`): one unit, a kmalloc-1k object, per 64 ids. A density ramp
/// raises the mark as it goes, so a target ramping after another pays the mark the first one
/// left from its first container. Raising it once, before the first ramp, to what the largest
/// ramp will reach makes every target pay the same map.
public enum ShrinkerMark {
    public static let idsPerUnit = 64
    /// A unit (64 deferred counts and a 64-bit map, 520 bytes) is a kmalloc-1k object, and
    /// the map's array holds a pointer to it.
    public static let bytesPerUnit = 1024 + 8

    /// What the map of a memory cgroup made at mark `ids` costs in slab.
    public static func mapBytes(ids: Int) -> Int {
        (max(0, ids) + idsPerUnit - 1) / idsPerUnit * bytesPerUnit
    }

    /// The superblocks to make at once so the mark reaches what `containers` containers of
    /// `superblocksPerContainer` each need: theirs, with 2% and at least 256 to spare for the
    /// host's own that come and go meanwhile. The superblocks alive during the burst (the
    /// host's) take their ids too, as they will during the ramp.
    public static func superblocksToPrime(superblocksPerContainer: Int, containers: Int) -> Int {
        let needed = max(0, superblocksPerContainer) * max(0, containers)
        return needed + max(256, needed / 50)
    }
}

/// What one burst of superblocks did.
public struct SuperblockBurst: Sendable, Equatable, Codable {
    public var asked: Int
    public var made: Int
    public var seconds: Double
    /// The call that stopped it and why (`fsopen: EMFILE (...)`); nil when all were made.
    public var failure: String?
    /// The limit that capped what was asked (`fs.nr_open=1048576`); nil when none did.
    public var limitedBy: String?

    public init(asked: Int, made: Int, seconds: Double, failure: String? = nil, limitedBy: String? = nil) {
        self.asked = asked
        self.made = made
        self.seconds = seconds
        self.failure = failure
        self.limitedBy = limitedBy
    }
}

/// Raises the shrinker mark by holding `count` superblocks alive at once, then letting them go.
public struct ShrinkerMarkPrimer: Sendable {
    /// Makes that many superblocks at once and frees them again; the real one in a child.
    public var burst: @Sendable (Int) -> (made: Int, failure: String?)
    /// fs.nr_open: the most descriptors a process may hold, one per superblock here.
    public var descriptorLimit: @Sendable () -> Int?

    public init(burst: @escaping @Sendable (Int) -> (made: Int, failure: String?), descriptorLimit: @escaping @Sendable () -> Int?) {
        self.burst = burst
        self.descriptorLimit = descriptorLimit
    }

    /// tmpfs superblocks held by fs_context descriptors in a child of its own
    /// (`cshim_prime_superblocks`): never mounted, so nothing joins a mount table and
    /// fs.mount-max does not apply; all die with the child.
    public static let real = ShrinkerMarkPrimer(burst: { count in
        var result = cshim_superblock_burst()
        _ = cshim_prime_superblocks(Int32(clamping: count), &result)
        let failure = result.stage.map { CoreError(stage: String(cString: $0), errno: result.error).description }
        return (Int(result.made), failure)
    }, descriptorLimit: { HostRoot.system.readValue("/proc/sys/fs/nr_open").flatMap { Int($0) } })

    /// The descriptors the child needs beside the superblocks' (its standard ones, slack).
    static let spareDescriptors = 16

    /// Makes `count` superblocks at once (fewer when fs.nr_open cannot hold them) and times it.
    public func prime(superblocks count: Int) -> SuperblockBurst {
        var asked = max(0, count)
        var limitedBy: String?
        if let limit = descriptorLimit(), asked + Self.spareDescriptors > limit {
            asked = max(0, limit - Self.spareDescriptors)
            limitedBy = "fs.nr_open=\(limit)"
        }
        let start = MonotonicClock.now()
        let (made, failure) = burst(asked)
        return SuperblockBurst(asked: asked, made: made, seconds: Double(MonotonicClock.now() - start) / 1e9,
                               failure: failure, limitedBy: limitedBy)
    }
}
