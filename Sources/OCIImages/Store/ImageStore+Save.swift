#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

extension ImageStore {
    /// Writes (or adds to) an OCI layout that skopeo, umoci and podman read. Each image's index
    /// entry carries `org.opencontainers.image.ref.name` = `name:tag`, which skopeo addresses
    /// as `oci:DIR:name:tag` and umoci as `--image DIR:name:tag`.
    public func save(_ references: [ImageReference], to directory: String) throws {
        let index = try readIndex()
        var entries: [(ImageReference, Descriptor)] = []
        for reference in references {
            guard let entry = index.manifests.first(where: { $0.refName == reference.description }) else {
                throw CoreError(stage: "save \(reference)", detail: "not in the image store \(root); see `cbench app images`")
            }
            entries.append((reference, entry))
        }
        if FileSystem.exists(directory), !FileSystem.exists(directory + "/oci-layout") {
            if let names = try? FileIO.names(in: directory), !names.isEmpty {
                throw CoreError(stage: "save to \(directory)", detail: "the directory exists and is not an OCI layout; give a new or empty directory")
            }
        }
        let target = OCILayout(directory: directory)
        try target.create()
        let targetBlobs = BlobStore(layout: target, scratchDirectory: target.blobsDirectory)
        var targetIndex = try target.readIndex()
        for (reference, entry) in entries {
            let manifest = try JSONRecord.decode(ImageManifest.self, from: try blobs.read(entry), what: "manifest \(entry.digest)")
            for layer in manifest.layers { try targetBlobs.copy(layer, from: layout) }
            try targetBlobs.copy(manifest.config, from: layout)
            try targetBlobs.copy(entry, from: layout)
            targetIndex.manifests.removeAll { $0.refName == reference.description }
            var saved = Descriptor(mediaType: entry.mediaType, digest: entry.digest, size: entry.size)
            saved.annotations = [Descriptor.refNameAnnotation: reference.description]
            saved.platform = .init(architecture: HostArchitecture.current.imageName, os: "linux")
            targetIndex.manifests.append(saved)
        }
        try target.writeIndex(targetIndex)
    }
}
