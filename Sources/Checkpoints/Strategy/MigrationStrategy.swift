/// How a running container moves: the three classic schemes of live migration.
public enum MigrationStrategy: String, Sendable, Codable, CaseIterable {
    /// Freeze, dump everything, transfer, restore: downtime grows with memory.
    case stopAndCopy = "stop-and-copy"
    /// Dump all but memory, restore at once, and let the destination fault pages in from the
    /// source's page server (CRIU lazy pages over userfaultfd).
    case postCopy = "post-copy"
    /// Copy memory while the container runs (pre-dumps tracking dirty pages), then a short
    /// final dump of what changed since.
    case preCopy = "pre-copy"
}

/// What the host offers for migration, from `criu check` (see `MigrationHostCheck`).
public struct MigrationHostFeatures: Sendable, Equatable {
    /// Soft-dirty tracking (`criu check --feature mem_dirty_track`), which pre-dumps need.
    public var memoryTracking: Bool
    public var memoryTrackingReason: String?
    /// userfaultfd for lazy pages (`criu check --feature uffd-noncoop`).
    public var lazyPages: Bool
    public var lazyPagesReason: String?

    public init(memoryTracking: Bool, memoryTrackingReason: String? = nil, lazyPages: Bool, lazyPagesReason: String? = nil) {
        self.memoryTracking = memoryTracking
        self.memoryTrackingReason = memoryTrackingReason
        self.lazyPages = lazyPages
        self.lazyPagesReason = lazyPagesReason
    }

    /// nil when `strategy` works here, else why not.
    public func unsupportedReason(_ strategy: MigrationStrategy) -> String? {
        switch strategy {
        case .stopAndCopy:
            return nil
        case .postCopy:
            return lazyPages ? nil : "post-copy needs userfaultfd: \(lazyPagesReason ?? "criu check --feature uffd-noncoop failed")"
        case .preCopy:
            return memoryTracking ? nil
                : "pre-copy needs soft-dirty memory tracking, which this kernel lacks: \(memoryTrackingReason ?? "criu check --feature mem_dirty_track failed")"
        }
    }
}
