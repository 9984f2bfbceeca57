#if canImport(Glibc)
import Glibc
#endif

/// Where host files are read from: `/` on the real machine, a temporary directory holding a fake
/// `proc`, `sys` and `run` tree in tests. Paths given to it are always absolute host paths.
public struct HostRoot: Sendable, Equatable {
    /// Directory that stands for `/`; no trailing slash, empty for the real root.
    public let prefix: String

    public static let system = HostRoot(prefix: "")

    public init(prefix: String) {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.prefix = trimmed
    }

    /// The path to open for the host path `path`.
    public func resolve(_ path: String) -> String {
        prefix.isEmpty ? path : prefix + path
    }

    /// Whole file as UTF-8 text, nil when it cannot be opened or read.
    public func read(_ path: String) -> String? {
        guard let bytes = try? FileIO.read(resolve(path)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// First line of a file without surrounding white space (sysctl-style files).
    public func readValue(_ path: String) -> String? {
        guard let text = read(path) else { return nil }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(line).trimmingWhitespace()
    }

    /// Names in a directory, without `.` and `..`; nil when it cannot be opened.
    public func list(_ path: String) -> [String]? {
        (try? FileIO.names(in: resolve(path)))?.sorted()
    }

    public func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(resolve(path), &info) == 0
    }

    /// A directory, not following a final symlink.
    public func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(resolve(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public func isExecutableFile(_ path: String) -> Bool {
        ExecutablePath.isExecutableFile(resolve(path))
    }
}
