import NamespaceCore

extension ArchiveDiskWriter {
    /// Extracts every entry of `reader`, then applies directory metadata. `route` sees each
    /// entry with its checked name and says where below the root it goes, or nil when it dealt
    /// with the entry itself (a whiteout, a small file kept in memory) or passes it over. A
    /// hard link's target goes through `relocateLink` and must land below the root as well.
    /// Errors name the entry: `WHAT entry 'NAME'`. `observe` sees each entry extracted (its
    /// place below the root), then each block of its data.
    public func extractAll(from reader: ArchiveReader, what: String,
                           route: (ArchiveEntry, ArchivePath) throws(CoreError) -> ArchivePath?,
                           relocateLink: (ArchivePath) -> ArchivePath? = { $0 },
                           observe: ((ArchiveEntryEvent) -> Void)? = nil) throws(CoreError) {
        while let entry = try reader.nextEntry() {
            let raw = entry.pathname
            let path = try ArchivePath(raw, what: what)
            guard let destination = try route(entry, path) else { continue }
            let stage = "\(what) entry '\(raw)'"
            var linkTarget: ArchivePath?
            if let link = entry.hardlink {
                guard let checked = try? ArchivePath(link, what: what), let moved = relocateLink(checked), !moved.isRoot else {
                    throw CoreError(kind: .invalidInput, stage: stage,
                                    detail: "hard link to '\(link)' escapes the \(what) directory; the \(what) is refused")
                }
                linkTarget = moved
            }
            observe?(.entry(destination.relative))
            try extract(entry, at: destination, linkTarget: linkTarget, from: reader, stage: stage, observe: observe)
        }
        try finish(stage: "finish \(what)")
    }
}
