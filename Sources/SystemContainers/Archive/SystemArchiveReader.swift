import Archive
import NamespaceCore

/// Reads an exported container (any compression libarchive knows, tar formats): `rootfs/...`
/// (and a migrating container's `checkpoint/...`) goes to disk below the container's directory
/// under the project's one extraction policy (owners, modes, xattrs, ACLs, device nodes, hard
/// links); the small files beside it are kept in memory. Names leading out (`..`, absolute)
/// are refused.
struct SystemArchiveReader {
    /// What the archive held beside rootfs/.
    struct Contents {
        var files: [String: [UInt8]] = [:]
        var hadRootfs = false
        var hadCheckpoint = false
    }

    /// The trees an archive may carry, each extracted to the directory of its name.
    static let trees = ["rootfs", "checkpoint"]

    /// Small files the archive may carry; anything else outside rootfs/ and templates/ is an error.
    static let knownFiles: Set<String> = ["metadata.yaml", "config", "cbench.json"]
    static let smallFileLimit = 1 << 20

    let path: String

    /// Extracts into `containerDirectory` (its `rootfs/` and `checkpoint/`).
    func extract(into containerDirectory: String) throws(CoreError) -> Contents {
        let reader = try ArchiveReader(path: path)
        var contents = Contents()
        try ArchiveDiskWriter(root: containerDirectory).extractAll(from: reader, what: "archive \(path)") { (entry, entryPath) throws(CoreError) -> ArchivePath? in
            let raw = entry.pathname
            let name = try Self.relative(entryPath, raw: raw)
            if entryPath.below("rootfs") != nil {
                contents.hadRootfs = true
                return entryPath
            }
            if entryPath.below("checkpoint") != nil {
                contents.hadCheckpoint = true
                return entryPath
            }
            if Self.knownFiles.contains(name) {
                contents.files[name] = try reader.readAll(entry, limit: Self.smallFileLimit, stage: "import \(path): \(name)")
            } else if !(name == "templates" || name.hasPrefix("templates/") || name.isEmpty) {
                throw CoreError(stage: "import \(path)", detail: "unexpected entry '\(raw)' (an export holds metadata.yaml, config and rootfs/)")
            }
            return nil
        } relocateLink: { link in
            // A hard link's target lies in one of the trees, never beside them.
            Self.trees.contains(where: { link.below($0) != nil }) ? link : nil
        }
        return contents
    }

    /// `./a/b/` becomes `a/b`; absolute names and `..` are refused.
    static func normalized(_ raw: String) throws(CoreError) -> String {
        try relative(try ArchivePath(raw), raw: raw)
    }

    /// An export names everything relative; tar would strip a leading `/`, an import refuses it.
    static func relative(_ path: ArchivePath, raw: String) throws(CoreError) -> String {
        guard !path.wasAbsolute else {
            throw CoreError(stage: "import", detail: "absolute entry name '\(raw)' in the archive")
        }
        return path.relative
    }
}
