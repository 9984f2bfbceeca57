#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

extension ImageStore {
    /// Writes (or adds to) an OCI layout that skopeo, umoci, podman and docker read. Each
    /// image's index entry is named as `docker save` and containerd name them: the tag in
    /// `org.opencontainers.image.ref.name` (skopeo's `oci:DIR:TAG`, umoci's `DIR:TAG`) and
    /// `NAME:TAG` in `io.containerd.image.name`, which `load` reads back. With `fullRefNames`
    /// the ref name is the whole `NAME:TAG`, as older saves wrote it: a layout of several images
    /// of one tag (`web:1`, `db:1`) must be addressed by whole name in skopeo's and podman's
    /// `oci:DIR:REF`, where a tag alone matches them all.
    public func save(_ references: [ImageReference], to directory: String, fullRefNames: Bool = false) throws {
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
            targetIndex.manifests.removeAll { Self.savedName(of: $0) == reference.description }
            targetIndex.manifests.append(Self.savedEntry(entry, as: reference, fullRefName: fullRefNames))
        }
        try target.writeIndex(targetIndex)
    }

    /// The index entry `save` writes for an image.
    static func savedEntry(_ entry: Descriptor, as reference: ImageReference, fullRefName: Bool = false) -> Descriptor {
        var saved = Descriptor(mediaType: entry.mediaType, digest: entry.digest, size: entry.size)
        saved.annotations = [Descriptor.refNameAnnotation: fullRefName ? reference.description : reference.tag,
                             Descriptor.containerdNameAnnotation: reference.description]
        saved.platform = .init(architecture: HostArchitecture.current.imageName, os: "linux")
        return saved
    }

    /// The `NAME:TAG` an entry of a saved layout stands for: containerd's full name, else a
    /// ref name that is a whole reference (older saves, podman's `localhost/NAME:TAG`).
    static func savedName(of entry: Descriptor) -> String? {
        entry.annotations?[Descriptor.containerdNameAnnotation] ?? entry.refName.flatMap { $0.contains(":") ? $0 : nil }
    }
}
