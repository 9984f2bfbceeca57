#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A container's own hosts file: kept in a directory the caller gives and bind-mounted
/// read-only at /etc/hosts. Changes are written into the same file (same inode), because a
/// bind mount pins the inode: a file renamed into place would never be seen inside.
public enum HostsFile {
    public static let fileName = "hosts"

    public struct Entry: Sendable, Equatable {
        public var address: String
        public var names: [String]
        public init(address: String, names: [String]) {
            self.address = address
            self.names = names
        }
    }

    static let localhostLines = [
        Entry(address: "127.0.0.1", names: ["localhost"]),
        Entry(address: "::1", names: ["localhost", "ip6-localhost", "ip6-loopback"]),
    ]

    /// localhost first, then `entries` in order (the container itself, then its peers).
    public static func render(_ entries: [Entry]) -> String {
        (localhostLines + entries).map { "\($0.address)\t\($0.names.joined(separator: " "))\n" }.joined()
    }

    /// Creates `directory/hosts` with the content a container of `mode` starts with (for
    /// `.networks`, localhost only until `AppNetworking.connect` fills it in) and returns the
    /// mount that puts it at /etc/hosts. Call before launching; the file must exist to be bound.
    public static func prepare(in directory: String, mode: AppNetworkMode) throws -> MountSpec {
        let path = "\(directory)/\(fileName)"
        let text: String
        if mode == .host, let hostFile = try? FileIO.read("/etc/hosts") {
            text = String(decoding: hostFile, as: UTF8.self)
        } else {
            text = render([])
        }
        try writeInPlace(text, to: path, create: true)
        return mountSpec(path)
    }

    /// /etc/hosts inside, bound read-only from `path`.
    public static func mountSpec(_ path: String) -> MountSpec {
        MountSpec(destination: "/etc/hosts", type: "bind", source: path, options: ["bind", "ro", "nosuid", "nodev", "noexec"])
    }

    /// Overwrites the file's content without replacing the file; a missing file is skipped
    /// unless `create` (its container is gone). Written first, then cut to length, so a reader
    /// sees the old or the new lines, never an empty file.
    public static func writeInPlace(_ text: String, to path: String, create: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
        guard fd >= 0 else {
            if errno == ENOENT && !create { return }
            throw CoreError.fromErrno("open \(path)")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw CoreError.fromErrno("write \(path)") }
            offset += written
        }
        guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw CoreError.fromErrno("truncate \(path)") }
    }
}
