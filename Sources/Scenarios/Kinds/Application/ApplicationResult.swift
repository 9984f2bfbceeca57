/// Everything one step measured of one layout on one target.
struct ApplicationResult: Sendable {
    /// Start of the layout to the first answer of the first page, in ms.
    var firstPage: Double
    /// Request name to wrk's measured run.
    var loads: [(request: String, result: WrkResult)]
    var idle: MemoryReading
    /// The highest readings seen while under load.
    var underLoad: MemoryReading
    /// The helper processes at idle, each with its PSS.
    var helpers: [LayoutHelper]
    /// Bytes of the layout's images (shared layers once) and of what its containers wrote.
    var imageBytes: UInt64
    var writableBytes: UInt64
    var storageNote: String
    /// Time to stop the layout, in ms.
    var stop: Double
    /// Start again to the first answer of the first page, in ms.
    var restartFirstPage: Double
    /// Whether the write before the stop was read back after the restart.
    var persisted: Bool
    /// SHA-256 of the first page's body with the parts that vary per request masked.
    var pageDigest: String
}

/// Memory of a layout at one moment.
struct MemoryReading: Sendable, Equatable {
    /// How much MemAvailable fell since just before the layout started.
    var hostDrop: Double
    /// Sum of the layout's containers' cgroups (memory.usage_in_bytes or memory.current).
    var cgroups: Double
    /// Proportional set size of the processes that serve the containers from outside them
    /// (supervisors, conmon, shims, LXC's monitor, the port forwarder) and of the target's daemons.
    var helpers: Double

    /// What the layout holds of its own: its containers' cgroups and its helpers.
    var layout: Double { cgroups + helpers }

    static let zero = MemoryReading(hostDrop: 0, cgroups: 0, helpers: 0)

    /// The higher of each reading.
    func maximum(_ other: MemoryReading) -> MemoryReading {
        MemoryReading(hostDrop: max(hostDrop, other.hostDrop), cgroups: max(cgroups, other.cgroups), helpers: max(helpers, other.helpers))
    }
}
