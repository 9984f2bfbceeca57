#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension ImageStore {
    /// A root file system directory OR a tarball (tar, tar.gz, tar.zst) becomes a one-layer image.
    public func importRootfs(from path: String, as reference: ImageReference,
                             configuration: ImageConfiguration.ExecutionParameters? = nil) throws -> ResolvedImage {
        guard FileSystem.exists(path) else {
            throw CoreError(stage: "import \(path)", errno: ENOENT, detail: "give a root file system directory or a tar, tar.gz or tar.zst file")
        }
        return try writing { () throws(CoreError) -> ResolvedImage in
            let layer = FileSystem.isDirectory(path) ? try layerFromDirectory(path, source: .plainDirectory) : try layerFromTarball(path)
            let now = RFC3339.now()
            let image = ImageConfiguration(
                architecture: HostArchitecture.current.imageName, os: "linux", config: configuration,
                rootfs: .init(diffIDs: [layer.diffID]),
                history: [.init(created: now, createdBy: "cbench app import \(path)")], created: now)
            return try storeImage(configuration: image, layerDescriptors: [layer.descriptor], reference: reference)
        }
    }

    struct StoredLayer {
        var descriptor: Descriptor
        var diffID: String
    }

    /// Writes a directory as a new layer blob and unpacks that blob into the layer store.
    func layerFromDirectory(_ directory: String, source: LayerWriter.Source) throws(CoreError) -> StoredLayer {
        let temporary = try FileSystem.temporaryPath(in: scratchDirectory, prefix: "layer")
        let written: LayerWriter.Written
        do throws(CoreError) {
            let fd = open(temporary, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw CoreError(stage: "open \(temporary)", errno: errno) }
            defer { close(fd) }
            written = try LayerWriter.write(directory: try FileSystem.realPath(directory), source: source, compression: layerCompression, to: fd)
        } catch {
            unlink(temporary)
            throw error
        }
        try blobs.adopt(temporary, as: written.blobDigest)
        let descriptor = Descriptor(mediaType: layerCompression.mediaType, digest: written.blobDigest, size: written.blobSize)
        if !layers.contains(written.diffID) {
            try layers.ingest(blobPath: try layout.blobPath(written.blobDigest), expected: descriptor, expectedDiffID: written.diffID, copyTo: nil)
        }
        return StoredLayer(descriptor: descriptor, diffID: written.diffID)
    }

    /// Copies a tarball into the store as a layer blob while unpacking it (one pass).
    func layerFromTarball(_ path: String) throws(CoreError) -> StoredLayer {
        let temporary = try FileSystem.temporaryPath(in: scratchDirectory, prefix: "layer")
        let found: LayerStore.Ingested
        do throws(CoreError) {
            found = try layers.ingest(blobPath: path, expected: nil, expectedDiffID: nil, copyTo: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        let head = (try? FileIO.read(temporary, limit: 4)) ?? []
        try blobs.adopt(temporary, as: found.blobDigest)
        let mediaType = LayerCompression.sniff(Array(head.prefix(4))).mediaType
        return StoredLayer(descriptor: Descriptor(mediaType: mediaType, digest: found.blobDigest, size: found.blobSize), diffID: found.diffID)
    }
}
