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
    /// The processes that held them (each as many as its RLIMIT_NOFILE allows).
    public var children: Int
    public var seconds: Double
    /// The call that stopped it and why (`fsopen: ENOMEM (...)`); nil when all were made.
    public var failure: String?

    public init(asked: Int, made: Int, children: Int = 1, seconds: Double, failure: String? = nil) {
        self.asked = asked
        self.made = made
        self.children = children
        self.seconds = seconds
        self.failure = failure
    }
}

/// Raises the shrinker mark by holding `count` superblocks alive at once, then letting them go.
public struct ShrinkerMarkPrimer: Sendable {
    /// Makes that many superblocks at once, at most `perChild` in each process that holds
    /// them, and frees them again; the real one in children of its own.
    public var burst: @Sendable (_ count: Int, _ perChild: Int) -> (made: Int, children: Int, failure: String?)
    /// The descriptors one process may hold: the hard RLIMIT_NOFILE (raising it takes
    /// CAP_SYS_RESOURCE, which the runner may lack), one per superblock there.
    public var descriptorLimit: @Sendable () -> Int?

    public init(burst: @escaping @Sendable (_ count: Int, _ perChild: Int) -> (made: Int, children: Int, failure: String?),
                descriptorLimit: @escaping @Sendable () -> Int?) {
        self.burst = burst
        self.descriptorLimit = descriptorLimit
    }

    /// tmpfs superblocks held by fs_context descriptors in children of its own
    /// (`cshim_prime_superblocks`): never mounted, so nothing joins a mount table and
    /// fs.mount-max does not apply; all die with the children.
    public static let real = ShrinkerMarkPrimer(burst: { count, perChild in
        var result = cshim_superblock_burst()
        _ = cshim_prime_superblocks(Int32(clamping: count), Int32(clamping: perChild), &result)
        let failure = result.stage.map { CoreError(stage: String(cString: $0), errno: result.error).description }
        return (Int(result.made), Int(result.children), failure)
    }, descriptorLimit: {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_max != rlim_t.max else { return nil }
        return Int(clamping: limit.rlim_max)
    })

    /// Descriptors a child keeps beside the superblocks' (its two pipe ends, slack).
    static let spareDescriptors = 16
    /// A child's share when the limit cannot be read: the usual soft limit's.
    static let defaultShare = 1_000

    /// Makes `count` superblocks at once and times it.
    public func prime(superblocks count: Int) -> SuperblockBurst {
        let asked = max(0, count)
        let perChild = descriptorLimit().map { max(1, $0 - Self.spareDescriptors) } ?? Self.defaultShare
        let start = MonotonicClock.now()
        let (made, children, failure) = burst(asked, perChild)
        return SuperblockBurst(asked: asked, made: made, children: children, seconds: Double(MonotonicClock.now() - start) / 1e9,
                               failure: failure)
    }
}
