#if canImport(Glibc)
import Glibc
#endif

extension Capability {
    /// This process's bounding set (`CapBnd:` of /proc/self/status), limited to the
    /// capabilities the table knows: a container cannot get more. This host withholds
    /// CAP_SYS_RESOURCE even from root.
    public static func boundingSetOfThisProcess() -> Set<UInt32> {
        guard let bytes = try? FileIO.read("/proc/self/status") else { return [] }
        return boundingSet(fromStatus: String(decoding: bytes, as: UTF8.self))
    }

    /// The `CapBnd:` line of a /proc/PID/status text; empty when it has none.
    public static func boundingSet(fromStatus status: String) -> Set<UInt32> {
        for line in status.split(separator: "\n") where line.hasPrefix("CapBnd:") {
            let hex = String(line.dropFirst("CapBnd:".count).filter { $0 != " " && $0 != "\t" })
            return set(fromMask: UInt64(hex, radix: 16) ?? 0).filter { $0 <= lastKnown }
        }
        return []
    }
}
