import JSONRecords
import NamespaceCore

extension ImageStore {
    /// Untag; blobs and layer dirs no image uses any more are removed (a layer a container
    /// still uses is kept: `inUse` holds diff IDs (`sha256:HEX`) or layer directories). An
    /// image in `keepingImages` (manifest digests) that loses its last name stays, untagged,
    /// as docker keeps the image of a container after `rmi -f`.
    public func remove(_ reference: ImageReference, keepingLayers inUse: Set<String> = [],
                       keepingImages: Set<String> = []) throws {
        try writing { () throws(CoreError) in
            var index = try readIndex()
            guard let entry = index.manifests.first(where: { $0.refName == reference.description }) else {
                throw CoreError(stage: "rmi \(reference)", detail: "not in the image store \(root); see `cbench app images`")
            }
            index.manifests.removeAll { $0.refName == reference.description }
            Self.keepUntagged([entry], in: &index, keepingImages: keepingImages)
            try layout.writeIndex(index)
            try collectGarbage(index: index, keepingLayers: inUse)
        }
    }

    /// Removes an image by ID prefix (all its names, or an untagged image), then collects
    /// garbage; with its digest in `keepingImages` only its names go.
    public func remove(imageID prefix: String, keepingLayers inUse: Set<String> = [], keepingImages: Set<String> = []) throws {
        let digest = try resolve(prefix).manifestDigest
        try writing { () throws(CoreError) in
            var index = try readIndex()
            let removed = index.manifests.filter { $0.digest == digest }
            index.manifests.removeAll { $0.digest == digest }
            Self.keepUntagged(removed, in: &index, keepingImages: keepingImages)
            try layout.writeIndex(index)
            try collectGarbage(index: index, keepingLayers: inUse)
        }
    }

    /// Puts back, untagged, each removed image that must stay and that no entry names any more.
    static func keepUntagged(_ removed: [Descriptor], in index: inout ImageIndex, keepingImages: Set<String>) {
        for entry in removed where keepingImages.contains(entry.digest) && !index.manifests.contains(where: { $0.digest == entry.digest }) {
            var untagged = entry
            untagged.annotations?[Descriptor.refNameAnnotation] = nil
            if untagged.annotations?.isEmpty == true { untagged.annotations = nil }
            index.manifests.append(untagged)
        }
    }

    /// Deletes blobs and unpacked layers that no image in `index` refers to.
    func collectGarbage(index: ImageIndex, keepingLayers inUse: Set<String>) throws(CoreError) {
        var keptBlobs: Set<String> = []
        var keptLayers: Set<String> = []
        for entry in index.manifests {
            keptBlobs.insert(entry.digest)
            guard let manifest = try? JSONRecord.decode(ImageManifest.self, from: try blobs.read(entry), what: "manifest") else { continue }
            keptBlobs.insert(manifest.config.digest)
            manifest.layers.forEach { keptBlobs.insert($0.digest) }
            if let configuration = try? JSONRecord.decode(ImageConfiguration.self, from: try blobs.read(manifest.config), what: "config") {
                configuration.rootfs.diffIDs.forEach { keptLayers.insert($0) }
            }
        }
        for name in (try? FileIO.names(in: layout.blobsDirectory)) ?? [] where !name.hasPrefix(".") {
            if !keptBlobs.contains(Digest.algorithmPrefix + name) { try? FileIO.removeTree(layout.blobsDirectory + "/" + name) }
        }
        for name in (try? FileIO.names(in: layers.directory)) ?? [] where !name.hasPrefix(".") {
            let diffID = Digest.algorithmPrefix + name
            let path = layers.directory + "/" + name
            if keptLayers.contains(diffID) || inUse.contains(diffID) || inUse.contains(name) || inUse.contains(path) { continue }
            try? FileIO.removeTree(path)
        }
    }
}
