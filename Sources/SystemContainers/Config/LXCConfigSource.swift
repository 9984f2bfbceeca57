#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Where config files come from: the real file system, or a dictionary in unit tests.
public protocol LXCConfigSource: Sendable {
    /// The text of a file; throws when it cannot be read.
    func read(_ path: String) throws(CoreError) -> String
    func isDirectory(_ path: String) -> Bool
    /// Names (not paths) of the entries of a directory.
    func list(_ directory: String) throws(CoreError) -> [String]
}

public struct FileLXCConfigSource: LXCConfigSource {
    public init() {}

    public func read(_ path: String) throws(CoreError) -> String {
        String(decoding: try FileIO.read(path), as: UTF8.self)
    }

    public func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public func list(_ directory: String) throws(CoreError) -> [String] {
        try FileIO.names(in: directory)
    }
}
