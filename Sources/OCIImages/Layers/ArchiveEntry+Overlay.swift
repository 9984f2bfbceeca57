import Archive

/// The overlayfs names this store reads and writes.
enum OverlayXattr {
    static let opaque = "trusted.overlay.opaque"
    static let prefix = "trusted.overlay."
}

extension ArchiveEntry {
    /// Drops overlayfs' own xattrs (they describe the upper directory, not the files) and
    /// says whether the entry was an opaque directory.
    func takeOverlayAttributes() -> Bool {
        let overlay = removeXattrs { $0.name.hasPrefix(OverlayXattr.prefix) }
        return overlay.contains { $0.name == OverlayXattr.opaque && $0.value == Array("y".utf8) }
    }
}
