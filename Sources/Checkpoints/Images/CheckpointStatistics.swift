#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import SwiftProtobuf

/// CRIU's own account of a dump or restore (the files stats-dump and stats-restore): how long the
/// tree was frozen, how many pages moved. Times in microseconds, as CRIU writes them.
public struct CheckpointStatistics: Sendable, Equatable, Codable {
    public var freezingMicroseconds: UInt32?
    public var frozenMicroseconds: UInt32?
    public var memoryDumpMicroseconds: UInt32?
    public var memoryWriteMicroseconds: UInt32?
    public var pagesScanned: UInt64?
    public var pagesWritten: UInt64?
    public var pagesLazy: UInt64?
    public var forkingMicroseconds: UInt32?
    public var restoreMicroseconds: UInt32?
    public var pagesRestored: UInt64?

    public init() {}

    /// The dump's frozen time plus the restore's time, in milliseconds (what a stop-and-copy
    /// freezes the service for inside CRIU); nil without the dump's frozen time.
    public static func frozenAndRestoreMilliseconds(dump: CheckpointStatistics, restore: CheckpointStatistics) -> Double? {
        guard let frozen = dump.frozenMicroseconds else { return nil }
        return Double(UInt64(frozen) + UInt64(restore.restoreMicroseconds ?? 0)) / 1000
    }

    /// Reads stats-dump and stats-restore of `directory` (either may be missing).
    public static func read(from directory: String) -> CheckpointStatistics {
        var statistics = CheckpointStatistics()
        if let dump = entry(at: "\(directory)/stats-dump"), dump.hasDump {
            let entry = dump.dump
            statistics.freezingMicroseconds = entry.freezingTime
            statistics.frozenMicroseconds = entry.frozenTime
            statistics.memoryDumpMicroseconds = entry.memdumpTime
            statistics.memoryWriteMicroseconds = entry.memwriteTime
            statistics.pagesScanned = entry.pagesScanned
            statistics.pagesWritten = entry.pagesWritten
            statistics.pagesLazy = entry.hasPagesLazy ? entry.pagesLazy : nil
        }
        if let restore = entry(at: "\(directory)/stats-restore"), restore.hasRestore {
            let entry = restore.restore
            statistics.forkingMicroseconds = entry.forkingTime
            statistics.restoreMicroseconds = entry.restoreTime
            statistics.pagesRestored = entry.hasPagesRestored ? entry.pagesRestored : nil
        }
        return statistics
    }

    /// A stats image: two magic words, then one entry as a 32-bit little-endian size and
    /// that many bytes of protobuf.
    static func entry(at path: String) -> Criu_Statistics? {
        guard let bytes = try? FileIO.read(path, limit: 1 << 20) else { return nil }
        return decode(bytes)
    }

    static func decode(_ bytes: [UInt8]) -> Criu_Statistics? {
        guard bytes.count >= 12 else { return nil }
        let size = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard size >= 0, bytes.count >= 12 + size else { return nil }
        return try? Criu_Statistics(serializedBytes: Array(bytes[12..<(12 + size)]))
    }
}
