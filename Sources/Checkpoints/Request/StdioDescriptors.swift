/// What the container's init had as descriptors 0, 1 and 2 when it was dumped. A pipe or a
/// host file lies outside the container, so CRIU is told about it: a host file as an external
/// file on dump, and on restore each of them is replaced by the restorer's own descriptor of
/// the same number (runc does the same for pipes; a file CRIU would try to reopen by a path
/// the container cannot see).
public struct StdioDescriptors: Sendable, Equatable, Codable {
    public enum Entry: Sendable, Equatable, Codable {
        /// `pipe:[INODE]`
        case pipe(inode: UInt64)
        /// A file on a mount the container does not have: `file[MNT_ID:INODE]`.
        case hostFile(mountID: Int, inode: UInt64, path: String)
        /// Inside the container (or a socket): CRIU dumps and restores it itself.
        case inside(path: String)
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The CRIU key of an entry that the restorer replaces; nil when CRIU handles it.
    public static func key(of entry: Entry) -> String? {
        switch entry {
        case .pipe(let inode): return "pipe:[\(inode)]"
        case let .hostFile(mountID, inode, _): return "file[\(String(mountID, radix: 16)):\(String(inode, radix: 16))]"
        case .inside: return nil
        }
    }

    /// `--external` entries of the dump: every host file, once.
    public var externalResources: [String] {
        var seen: [String] = []
        for entry in entries {
            guard case .hostFile = entry, let key = Self.key(of: entry), !seen.contains(key) else { continue }
            seen.append(key)
        }
        return seen
    }

    /// `--inherit-fd` entries of the restore: descriptor N of the restorer for the object
    /// descriptor N held, each key once (stdout and stderr often share one).
    public var inheritedDescriptors: [InheritedDescriptor] {
        var result: [InheritedDescriptor] = []
        for (number, entry) in entries.enumerated() {
            guard let key = Self.key(of: entry), !result.contains(where: { $0.key == key }) else { continue }
            result.append(InheritedDescriptor(key: key, fd: Int32(number)))
        }
        return result
    }
}
