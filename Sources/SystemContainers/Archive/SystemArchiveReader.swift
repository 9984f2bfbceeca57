#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
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
        /// The checkpoint's image files with the sizes and checksums of the bytes written, for
        /// the restore to check against the manifest without reading them again.
        var receivedImages: [CheckpointManifest.ImageFile] = []
    }

    /// The trees an archive may carry, each extracted to the directory of its name.
    static let trees = ["rootfs", "checkpoint"]

    /// Small files the archive may carry; anything else outside rootfs/ and templates/ is an error.
    static let knownFiles: Set<String> = ["metadata.yaml", "config", "cbench.json"]
    static let smallFileLimit = 1 << 20

    let reader: ArchiveReader
    /// Names the archive in errors.
    let what: String
    /// A migration's second pass: `rootfs-removed` (NUL-separated names below rootfs/,
    /// children first) may come before the root's changed entries, and is applied at once.
    var removals = false

    static let removalsLimit = 64 << 20

    /// Extracts into `containerDirectory` (its `rootfs/` and `checkpoint/`); `checkpointDirectory`,
    /// when given, takes the `checkpoint/` entries instead (a move's images, in the run root).
    func extract(into containerDirectory: String, checkpointDirectory: String? = nil) throws(CoreError) -> Contents {
        let path = what
        var contents = Contents()
        var images = StreamedImageFiles()
        let relocated = checkpointDirectory.map { ["checkpoint": $0] } ?? [:]
        try ArchiveDiskWriter(root: containerDirectory, relocated: relocated).extractAll(from: reader, what: "archive \(path)") { (entry, entryPath) throws(CoreError) -> ArchivePath? in
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
            if removals && name == SystemRuntime.removedEntriesName {
                let list = try reader.readAll(entry, limit: Self.removalsLimit, stage: "import \(path): \(name)")
                try Self.remove(list.split(separator: 0).map { String(decoding: $0, as: UTF8.self) },
                                under: containerDirectory + "/rootfs", stage: "import \(path): \(name)")
            } else if Self.knownFiles.contains(name) {
                contents.files[name] = try reader.readAll(entry, limit: Self.smallFileLimit, stage: "import \(path): \(name)")
            } else if !(name == "templates" || name.hasPrefix("templates/") || name.isEmpty) {
                throw CoreError(stage: "import \(path)", detail: "unexpected entry '\(raw)' (an export holds metadata.yaml, config and rootfs/)")
            }
            return nil
        } relocateLink: { link in
            // A hard link's target lies in one of the trees, never beside them.
            Self.trees.contains(where: { link.below($0) != nil }) ? link : nil
        } observe: { event in
            switch event {
            case .entry(let name): images.begin(name.hasPrefix("checkpoint/") ? String(name.dropFirst("checkpoint/".count)) : "")
            case .data(let block): images.add(block)
            }
        }
        try reader.drain()
        contents.receivedImages = images.files()
        return contents
    }

    /// Removes each of `names` (relative, children first) below `root`; a name leading out
    /// (absolute, `..`) or through a symlink is refused, one already gone is skipped.
    static func remove(_ names: [String], under root: String, stage: String) throws(CoreError) {
        for raw in names {
            let name = try normalized(raw)
            guard !name.isEmpty else { throw CoreError(stage: stage, detail: "names the root itself") }
            var parent = root
            for component in name.split(separator: "/").dropLast() {
                parent += "/" + component
                var info = stat()
                guard lstat(parent, &info) == 0 else {
                    if errno == ENOENT { break }
                    throw CoreError(stage: "\(stage): stat \(parent)", errno: errno)
                }
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw CoreError(stage: stage, errno: ELOOP, detail: "'\(raw)' leads through '\(parent)', which is no directory")
                }
            }
            try FileIO.removeTree(root + "/" + name, shown: "rootfs/" + name)
        }
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

extension SystemArchiveReader {
    /// Reads the file at `path`.
    init(path: String) throws(CoreError) {
        self.init(reader: try ArchiveReader(path: path), what: "archive \(path)")
    }
}
