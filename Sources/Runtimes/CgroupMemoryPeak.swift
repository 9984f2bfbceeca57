import Foundation
import NamespaceCore

/// The peak memory of a container's cgroup, read after its process exited and before the
/// cgroup is removed: v1 `memory.max_usage_in_bytes`, v2 `memory.peak` (kernel 5.19+).
public enum CgroupMemoryPeak {
    public static func read(cgroupPath: String, root: String = "/sys/fs/cgroup") -> UInt64? {
        let candidates = [
            "\(root)/memory/\(cgroupPath)/memory.max_usage_in_bytes",
            "\(root)/\(cgroupPath)/memory.peak",
            "\(root)/unified/\(cgroupPath)/memory.peak",
        ]
        for path in candidates {
            guard let bytes = try? FileIO.read(path, limit: 64) else { continue }
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let value = UInt64(text) { return value }
        }
        return nil
    }
}
