import CArchive

/// Extended attributes of a libarchive entry, as plain values.
enum EntryXattrs {
    struct Attribute {
        var name: String
        var value: [UInt8]
    }

    static func all(_ entry: OpaquePointer) -> [Attribute] {
        var found: [Attribute] = []
        guard archive_entry_xattr_reset(entry) > 0 else { return found }
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK {
            guard let name else { continue }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            found.append(Attribute(name: String(cString: name), value: bytes))
        }
        return found
    }

    /// Drops overlayfs' own xattrs (they describe the upper directory, not the files) and
    /// says whether the entry was an opaque directory.
    @discardableResult
    static func removeOverlayAttributes(_ entry: OpaquePointer) -> (opaque: Bool, removed: Bool) {
        let attributes = all(entry)
        let overlay = attributes.filter { $0.name.hasPrefix(OverlayXattr.prefix) }
        guard !overlay.isEmpty else { return (false, false) }
        let opaque = overlay.contains { $0.name == OverlayXattr.opaque && $0.value == Array("y".utf8) }
        archive_entry_xattr_clear(entry)
        for attribute in attributes where !attribute.name.hasPrefix(OverlayXattr.prefix) {
            attribute.value.withUnsafeBytes { bytes in
                archive_entry_xattr_add_entry(entry, attribute.name, bytes.baseAddress, bytes.count)
            }
        }
        return (opaque, true)
    }
}
