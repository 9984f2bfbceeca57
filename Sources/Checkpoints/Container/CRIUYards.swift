#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// CRIU builds its mount namespace and cgroup "yards" (`.criu.mntns.*`, `.criu.cgyard.*`) in
/// its work directory, with the container's root bound inside. A CRIU that dies mid-restore
/// leaves them mounted, and a recursive removal of the directory would then walk into the
/// container's root on the host. They are detached after every restore, deepest first.
public enum CRIUYards {
    public static func detach(under directory: String) {
        guard let bytes = try? FileIO.read("/proc/self/mountinfo", limit: 8 << 20) else { return }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let mountpoints = String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4]).replacingOctalEscapes
            return point.hasPrefix(prefix) && point.dropFirst(prefix.count).hasPrefix(".criu.") ? point : nil
        }
        for point in mountpoints.sorted(by: { $0.count > $1.count }) { _ = umount2(point, Int32(MNT_DETACH)) }
    }
}

extension String {
    /// mountinfo writes a space as \040 (and tab, newline, backslash likewise).
    var replacingOctalEscapes: String {
        guard contains("\\") else { return self }
        var result = ""
        var scalars = Array(unicodeScalars)[...]
        while let first = scalars.first {
            if first == "\\", scalars.count >= 4, let code = UInt8(String(String.UnicodeScalarView(scalars.dropFirst().prefix(3))), radix: 8) {
                result.unicodeScalars.append(Unicode.Scalar(code))
                scalars = scalars.dropFirst(4)
            } else {
                result.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return result
    }
}
