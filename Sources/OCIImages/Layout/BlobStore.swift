#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The blobs of a layout: written under their digest (through a temporary file and rename),
/// read back only after their digest and size are checked.
struct BlobStore: Sendable {
    let layout: OCILayout
    /// Where half-written blobs live until they are complete: on the same file system, outside
    /// the layout, so no reader ever sees them.
    let scratchDirectory: String

    func contains(_ digest: String) -> Bool {
        guard let path = try? layout.blobPath(digest) else { return false }
        return access(path, F_OK) == 0
    }

    /// Stores `bytes`; returns their descriptor.
    @discardableResult
    func put(_ bytes: [UInt8], mediaType: String) throws(CoreError) -> Descriptor {
        let digest = Digest.of(bytes)
        let path = try layout.blobPath(digest)
        if access(path, F_OK) != 0 {
            let temporary = try FileSystem.temporaryPath(in: scratchDirectory, prefix: "blob")
            try FileIO.write(temporary, bytes)
            try FileSystem.rename(temporary, to: path)
        }
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
    }

    /// The blob's bytes, checked against `descriptor` (small blobs: manifests, configs, indexes).
    func read(_ descriptor: Descriptor) throws(CoreError) -> [UInt8] {
        let path = try layout.blobPath(descriptor.digest)
        guard access(path, F_OK) == 0 else {
            throw CoreError(kind: .notFound, stage: "blob \(descriptor.digest)", detail: "missing from \(layout.directory)")
        }
        let bytes = try FileIO.read(path, limit: Int(max(descriptor.size, 0)) + 1)
        try Self.check(digest: Digest.of(bytes), size: Int64(bytes.count), against: descriptor)
        return bytes
    }

    /// Moves a finished temporary file into place under `digest`.
    func adopt(_ temporary: String, as digest: String) throws(CoreError) {
        let path = try layout.blobPath(digest)
        if access(path, F_OK) == 0 {
            unlink(temporary)
        } else {
            try FileSystem.rename(temporary, to: path)
        }
    }

    /// Copies a blob from another layout (hard link when possible), checking digest and size.
    func copy(_ descriptor: Descriptor, from source: OCILayout) throws(CoreError) {
        if contains(descriptor.digest) { return }
        let sourcePath = try source.blobPath(descriptor.digest)
        let temporary = try FileSystem.temporaryPath(in: scratchDirectory, prefix: "blob")
        let written: (digest: String, size: Int64)
        do throws(CoreError) {
            written = try FileSystem.copyHashing(sourcePath, to: temporary, what: "blob \(descriptor.digest)")
            try Self.check(digest: written.digest, size: written.size, against: descriptor)
        } catch {
            unlink(temporary)
            throw error
        }
        try adopt(temporary, as: descriptor.digest)
    }

    /// The one error for a blob that is not what its descriptor says.
    static func check(digest: String, size: Int64, against descriptor: Descriptor) throws(CoreError) {
        if size != descriptor.size {
            throw CoreError(kind: .corrupt, stage: "blob \(descriptor.digest)",
                            detail: "size \(size), expected \(descriptor.size): truncated or corrupt; load the image again from a good copy")
        }
        if digest != descriptor.digest {
            throw CoreError(kind: .corrupt, stage: "blob \(descriptor.digest)",
                            detail: "content has digest \(digest): corrupt; load the image again from a good copy")
        }
    }
}

extension BlobStore {
    /// A blob whose size is not known (a parent's manifest found by digest), checked by digest.
    func read(digest: String) throws(CoreError) -> [UInt8] {
        let bytes = try FileIO.read(try layout.blobPath(digest))
        let found = Digest.of(bytes)
        guard found == digest else {
            throw CoreError(kind: .corrupt, stage: "blob \(digest)", detail: "content has digest \(found): corrupt; load the image again from a good copy")
        }
        return bytes
    }
}
