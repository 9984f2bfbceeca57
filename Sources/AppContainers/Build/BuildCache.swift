import Crypto
import Foundation
import JSONRecords
import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// The layer cache: a step's key (parent image, the instruction after substitution, and for
/// COPY/ADD the sources' digest) maps to the image that step made. Kept as JSON in the store
/// root, read and written under an flock so concurrent builds do not lose entries.
public struct BuildCache: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The cache key of one step: a sha256 over its parts, one per line.
    public static func key(parent: String?, step: String, extra: [String] = []) -> String {
        let text = (["parent " + (parent ?? "scratch"), "step " + step] + extra).joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The manifest digest cached for `key`, if any.
    public func lookup(_ key: String) throws -> String? {
        try locked { try load()[key] }
    }

    public func store(_ key: String, digest: String) throws {
        try locked {
            var entries = try load()
            entries[key] = digest
            try JSONRecord.write(CacheFile(entries: entries), to: path)
        }
    }

    struct CacheFile: Codable {
        var version = 1
        var entries: [String: String]
    }

    func load() throws -> [String: String] {
        let file: CacheFile?
        do {
            file = try JSONRecord.readIfPresent(CacheFile.self, from: path)
        } catch {
            // A damaged cache only costs rebuilding: start again rather than fail every build.
            guard error.kind == .corrupt else { throw error }
            file = nil
        }
        return file?.entries ?? [:]
    }

    func locked<T>(_ body: () throws -> T) throws -> T {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError(stage: "open \(lockPath)", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CoreError(stage: "flock \(lockPath)", errno: errno) }
        }
        return try body()
    }
}
