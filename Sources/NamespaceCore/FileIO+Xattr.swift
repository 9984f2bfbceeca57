import CShim
#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// The value of extended attribute `name` of `path` itself (a symlink is not followed),
    /// nil when it is not set or cannot be read. Values up to `limit` bytes.
    public static func extendedAttribute(_ path: String, _ name: String, limit: Int = 4096) -> [UInt8]? {
        var value = [UInt8](repeating: 0, count: limit)
        let count = value.withUnsafeMutableBytes { cshim_lgetxattr(path, name, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return Array(value.prefix(count))
    }
}
