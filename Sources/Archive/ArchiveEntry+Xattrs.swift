import CArchive

extension ArchiveEntry {
    /// An extended attribute of an entry, as plain values.
    public struct Xattr: Equatable {
        public var name: String
        public var value: [UInt8]
    }

    public var xattrs: [Xattr] {
        var found: [Xattr] = []
        guard archive_entry_xattr_reset(pointer) > 0 else { return found }
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(pointer, &name, &value, &size) == ARCHIVE_OK {
            guard let name else { continue }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            found.append(Xattr(name: String(cString: name), value: bytes))
        }
        return found
    }

    /// Takes the attributes `drop` picks off the entry and returns them.
    @discardableResult
    public func removeXattrs(where drop: (Xattr) -> Bool) -> [Xattr] {
        let all = xattrs
        let dropped = all.filter(drop)
        guard !dropped.isEmpty else { return [] }
        archive_entry_xattr_clear(pointer)
        for attribute in all where !drop(attribute) {
            attribute.value.withUnsafeBytes { bytes in
                archive_entry_xattr_add_entry(pointer, attribute.name, bytes.baseAddress, bytes.count)
            }
        }
        return dropped
    }
}
