/// /proc/meminfo as numbers: one parser for every reader (the density ramp's floor and
/// checkpoints, the empty-cgroup probe's Slab, the application scenario's drop).
public struct HostMemoryInfo: Sendable, Equatable {
    /// Each line's value in bytes, by its name without the colon (`MemAvailable`, `Slab`).
    public let bytes: [String: UInt64]

    /// Lines whose value is not a number of kB (HugePages_Total is a count) keep their number as is.
    public init(text: String) {
        var values: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[0].hasSuffix(":"), let number = UInt64(fields[1]) else { continue }
            let isKibibytes = fields.count >= 3 && fields[2] == "kB"
            values[String(fields[0].dropLast())] = isKibibytes ? number * 1024 : number
        }
        bytes = values
    }

    /// The host's /proc/meminfo now (an empty reading where it cannot be read).
    public static func read(root: HostRoot = .system) -> HostMemoryInfo {
        HostMemoryInfo(text: root.read("/proc/meminfo") ?? "")
    }

    public subscript(name: String) -> UInt64? { bytes[name] }
    public var memAvailable: UInt64? { bytes["MemAvailable"] }
    public var slab: UInt64? { bytes["Slab"] }
}
