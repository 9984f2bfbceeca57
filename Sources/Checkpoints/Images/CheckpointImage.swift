#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A directory of CRIU images: listing and checking it. CRIU's image files start with a
/// magic number; cbench's manifest records each file's size and checksum.
public enum CheckpointImage {
    /// The first 32-bit word of inventory.img (CRIU's IMG_INVENTORY magic): what is checked
    /// of images made without cbench's manifest.
    static let inventoryMagic: UInt32 = 0x5831_3116
    static let inventory = "inventory.img"

    /// The image files (`*.img`, and the `*.tar` a front-end keeps beside them, e.g. a system
    /// container's tmpfs copies), sorted, with their sizes and checksums.
    public static func files(in directory: String) throws(CheckpointError) -> [CheckpointManifest.ImageFile] {
        let names = try FileIO.names(in: directory).filter(isListed)
        return try names.sorted().map { name throws(CheckpointError) in
            let path = "\(directory)/\(name)"
            // Page files are most of a dump (all of the memory): their size is checked, their
            // bytes are not hashed, which would cost about a second per GiB on every checkpoint.
            if isPageFile(name) { return CheckpointManifest.ImageFile(name: name, size: try size(of: path), checksum: nil) }
            let (size, checksum) = try Self.checksum(path)
            return CheckpointManifest.ImageFile(name: name, size: size, checksum: checksum)
        }
    }

    /// Checks `directory` before a restore; the error names the image and what is wrong.
    /// Without a manifest (images from another tool) only CRIU's own magic numbers are checked.
    /// `received`: the files as an import just wrote them (`StreamedImageFiles`), whose
    /// checksums are compared instead of reading those files again.
    public static func validate(_ directory: String, stage: String,
                                received: [CheckpointManifest.ImageFile] = []) throws(CheckpointError) -> CheckpointManifest? {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CheckpointError(stage: "\(stage) \(directory)", errno: ENOENT, detail: "no checkpoint image directory there")
        }
        guard access(CheckpointManifest.path(in: directory), F_OK) == 0 else {
            guard access("\(directory)/\(inventory)", F_OK) == 0 else {
                throw CheckpointError(stage: "\(stage) \(directory)", detail: "not a finished checkpoint (no \(inventory) and no \(CheckpointManifest.fileName)); checkpoint again")
            }
            try checkMagic("\(directory)/\(inventory)", stage: stage)
            // A dump whose caller was killed: CRIU finished it; the layout was written before.
            return try? CheckpointRecordCodec.read(CheckpointManifest.self, from: CheckpointManifest.pendingPath(in: directory))
        }
        let manifest: CheckpointManifest
        do { manifest = try CheckpointManifest.read(from: directory) } catch {
            throw CheckpointError(stage: "\(stage) \(directory)", detail: "its \(CheckpointManifest.fileName) is corrupt: \(error.detail ?? "unreadable")")
        }
        for file in manifest.files {
            let path = "\(directory)/\(file.name)"
            var fileInfo = stat()
            guard stat(path, &fileInfo) == 0 else {
                throw CheckpointError(stage: "\(stage) \(path)", errno: ENOENT, detail: "an image file of the checkpoint is missing")
            }
            guard Int64(fileInfo.st_size) == file.size else {
                throw CheckpointError(stage: "\(stage) \(path)", detail: "truncated or altered: \(fileInfo.st_size) bytes, the checkpoint wrote \(file.size)")
            }
            guard let recorded = file.checksum else { continue }
            var actual = received.first { $0.name == file.name && $0.size == file.size }?.checksum
            if actual == nil { actual = try Self.checksum(path).checksum }
            guard actual == recorded else {
                throw CheckpointError(stage: "\(stage) \(path)", detail: "corrupt: its checksum differs from the one the checkpoint recorded")
            }
        }
        return manifest
    }

    /// Whether the manifest lists a file of the image directory by this name.
    static func isListed(_ name: String) -> Bool { name.hasSuffix(".img") || name.hasSuffix(".tar") }

    static func isPageFile(_ name: String) -> Bool { name.hasPrefix("pages-") }

    static func size(of path: String) throws(CheckpointError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CheckpointError(stage: "stat \(path)", errno: errno) }
        return Int64(info.st_size)
    }

    static func checkMagic(_ path: String, stage: String) throws(CheckpointError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckpointError(stage: "\(stage) \(path)", errno: errno) }
        defer { close(fd) }
        var word: UInt32 = 0
        guard read(fd, &word, 4) == 4, UInt32(littleEndian: word) == inventoryMagic else {
            throw CheckpointError(stage: "\(stage) \(path)", detail: "corrupt: it does not start with a CRIU image magic number")
        }
    }

    /// Size and FNV-1a 64 of a file, read in 1 MiB chunks.
    static func checksum(_ path: String) throws(CheckpointError) -> (size: Int64, checksum: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckpointError(stage: "open \(path)", errno: errno) }
        defer { close(fd) }
        var checksum = ImageChecksum()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CheckpointError(stage: "read \(path)", errno: errno)
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return (checksum.size, checksum.hex)
    }
}
