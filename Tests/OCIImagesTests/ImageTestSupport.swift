import Archive
import CArchive
import CShim
import Foundation
import JSONRecords
import NamespaceCore
@testable import OCIImages

/// A fresh /tmp/imgtest-UUID directory; `remove()` in a `defer` cleans up even when an
/// expectation fails.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = "/tmp/imgtest-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var store: ImageStore { ImageStore(root: path + "/store") }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// One entry of a hand-built layer tar.
enum TarEntry {
    case file(String, String, mode: Int32 = 0o644)
    case directory(String, mode: Int32 = 0o755)
    case symlink(String, to: String)
    case hardlink(String, to: String)
    case characterDevice(String, major: UInt64, minor: UInt64)
    case fifo(String)
    case fileWithXattr(String, String, xattr: String, value: String)
}

/// Builds layer tars with libarchive, the way other tools would.
enum TarBuilder {
    static func bytes(_ entries: [TarEntry], compression: LayerCompression = .gzip) throws -> [UInt8] {
        let archive = try requireValue(archive_write_new())
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        switch compression {
        case .gzip: archive_write_add_filter_gzip(archive)
        case .zstd: archive_write_add_filter_zstd(archive)
        case .none: break
        }
        let capacity = 64 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var used = 0
        archive_write_open_memory(archive, buffer, capacity, &used)
        for item in entries {
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_mtime(entry, 1_700_000_000, 0)
            var content = ""
            switch item {
            case let .file(path, text, mode):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.regular)
                archive_entry_set_perm(entry, mode_t(mode))
                content = text
            case let .fileWithXattr(path, text, name, value):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.regular)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_xattr_add_entry(entry, name, value, value.utf8.count)
                content = text
            case let .directory(path, mode):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.directory)
                archive_entry_set_perm(entry, mode_t(mode))
            case let .symlink(path, target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.symlink)
                archive_entry_set_perm(entry, 0o777)
                archive_entry_set_symlink(entry, target)
            case let .hardlink(path, target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.regular)
                archive_entry_set_perm(entry, 0o644)
                archive_entry_set_hardlink(entry, target)
            case let .characterDevice(path, major, minor):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.characterDevice)
                archive_entry_set_perm(entry, 0o666)
                archive_entry_set_rdevmajor(entry, dev_t(major))
                archive_entry_set_rdevminor(entry, dev_t(minor))
            case let .fifo(path):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, EntryType.fifo)
                archive_entry_set_perm(entry, 0o600)
            }
            let data = Array(content.utf8)
            archive_entry_set_size(entry, Int64(data.count))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw CoreError.archive(archive, stage: "test tar") }
            if !data.isEmpty { _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) } }
        }
        archive_write_close(archive)
        return Array(UnsafeRawBufferPointer(start: buffer, count: used))
    }

    /// sha256 of the uncompressed tar, as the config's diff_ids want it.
    static func diffID(_ entries: [TarEntry]) throws -> String {
        Digest.of(try bytes(entries, compression: .none))
    }
}

func requireValue<T>(_ value: T?) throws -> T {
    guard let value else { throw CoreError(stage: "test", detail: "unexpected nil") }
    return value
}

/// Writes an OCI layout by hand: one image whose layers are the given tars.
enum LayoutBuilder {
    struct Made {
        var manifestDigest: String
        var layerDigests: [String]
        var directory: String
    }

    @discardableResult
    static func write(_ directory: String, tag: String, layers: [[TarEntry]], compression: LayerCompression = .gzip,
                      diffIDsOverride: [String]? = nil) throws -> Made {
        let layout = OCILayout(directory: directory)
        try layout.create()
        let blobs = BlobStore(layout: layout, scratchDirectory: directory)
        var descriptors: [Descriptor] = []
        var diffIDs: [String] = []
        for entries in layers {
            descriptors.append(try blobs.put(try TarBuilder.bytes(entries, compression: compression), mediaType: compression.mediaType))
            diffIDs.append(try TarBuilder.diffID(entries))
        }
        let configuration = ImageConfiguration(config: .init(cmd: ["/bin/sh"]), rootfs: .init(diffIDs: diffIDsOverride ?? diffIDs))
        let config = try blobs.put(try JSONRecord.encode(configuration), mediaType: MediaType.config)
        let manifest = try blobs.put(try JSONRecord.encode(ImageManifest(config: config, layers: descriptors)), mediaType: MediaType.manifest)
        var index = try layout.readIndex()
        var entry = manifest
        entry.annotations = [Descriptor.refNameAnnotation: tag]
        index.manifests.append(entry)
        try layout.writeIndex(index)
        return Made(manifestDigest: manifest.digest, layerDigests: descriptors.map(\.digest), directory: directory)
    }
}

/// Small file-system probes for expectations.
enum Probe {
    static func stat(_ path: String) -> stat? {
        var info = Glibc.stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    static func isWhiteout(_ path: String) -> Bool {
        guard let info = stat(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFCHR && info.st_rdev == 0
    }

    static func xattr(_ path: String, _ name: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = lgetxattr(path, name, &buffer, buffer.count)
        return count < 0 ? nil : String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    static func read(_ path: String) -> String? {
        (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func exists(_ path: String) -> Bool { stat(path) != nil }

    static func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}
