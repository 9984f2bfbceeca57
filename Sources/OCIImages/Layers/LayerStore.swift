#if canImport(Glibc)
import Glibc
#endif
import Archive
import NamespaceCore

/// Unpacked layers, each once, in a directory named by its diff ID (`sha256/HEX`), shared by
/// every image and container that uses it. A layer is unpacked into a temporary sibling and
/// renamed into place, so a crash never leaves a half layer under its final name.
struct LayerStore: Sendable {
    /// `ROOT/layers/sha256`.
    let directory: String

    func path(of diffID: String) throws(CoreError) -> String {
        directory + "/" + (try Digest.hexPart(of: diffID))
    }

    func contains(_ diffID: String) -> Bool {
        guard let path = try? path(of: diffID) else { return false }
        return FileSystem.isDirectory(path)
    }

    /// What one pass over a layer blob found.
    struct Ingested {
        var blobDigest: String
        var blobSize: Int64
        var diffID: String
    }

    /// Unpacks the blob at `blobPath` unless its layer is already here. `expected` (the
    /// manifest's descriptor) and `expectedDiffID` (the config's) are checked when given; the
    /// blob's bytes are also copied to `copyTo` when given. Errors name the blob.
    @discardableResult
    func ingest(blobPath: String, expected: Descriptor?, expectedDiffID: String?, copyTo: String?) throws(CoreError) -> Ingested {
        let name = expected?.digest ?? blobPath
        let input = open(blobPath, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CoreError(stage: "open layer blob \(name)", errno: errno) }
        defer { close(input) }
        if let expected {
            let size = FileSystem.size(of: input)
            guard size == expected.size else {
                throw CoreError(kind: .corrupt, stage: "blob \(expected.digest)",
                                detail: "size \(size), expected \(expected.size): truncated or corrupt; load the image again from a good copy")
            }
        }
        let copy = try copyTo.map { (path) throws(CoreError) -> Int32 in
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
            return fd
        }
        defer { if let copy { close(copy) } }

        let temporary = try FileSystem.temporaryDirectory(in: directory, prefix: "unpack")
        do throws(CoreError) {
            // One pass: blob -> its sha256 (and the copy) -> decompression -> the tar's sha256
            // (the diff ID) -> unpack.
            let blobDigest = RunningDigest()
            let tarDigest = RunningDigest()
            let reader = try ArchiveReader(input: input, what: "layer", onStoredBytes: { (chunk) throws(CoreError) in
                blobDigest.update(chunk)
                if let copy { try FileSystem.writeAll(copy, chunk, what: "layer blob copy") }
            }, onTarBytes: { tarDigest.update($0) })
            try LayerUnpacker(directory: temporary).unpack(reader)
            try reader.drain()
            let found = Ingested(blobDigest: blobDigest.digest, blobSize: blobDigest.byteCount, diffID: tarDigest.digest)
            if let expected {
                try BlobStore.check(digest: found.blobDigest, size: found.blobSize, against: expected)
            }
            if let expectedDiffID, expectedDiffID != found.diffID {
                throw CoreError(kind: .corrupt, stage: "blob \(name)", detail: "uncompressed content has diff ID \(found.diffID), the config says \(expectedDiffID): corrupt image")
            }
            let final = try path(of: found.diffID)
            if FileSystem.exists(final) {
                try? FileIO.removeTree(temporary)
            } else {
                try FileSystem.rename(temporary, to: final)
            }
            return found
        } catch {
            try? FileIO.removeTree(temporary)
            // A blob that failed its own checks says so already; anything else gets the blob's name.
            if error.kind == .corrupt { throw error }
            throw CoreError(kind: error.kind, stage: "layer blob \(name)", errno: error.errno,
                            detail: "\(error.stage)\(error.detail.map { ": " + $0 } ?? "")", cause: error)
        }
    }
}
