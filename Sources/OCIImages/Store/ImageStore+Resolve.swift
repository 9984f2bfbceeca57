import JSONRecords
import NamespaceCore

extension ImageStore {
    /// By "name[:tag]" or by an image ID prefix (>= 4 hex digits of the manifest digest).
    /// Missing: CoreError whose detail says how to get it (cbench app import / load).
    /// A text resolved before under the same index comes from its record (`cachedResolution`).
    public func resolve(_ text: String) throws -> ResolvedImage {
        let indexBytes = try readIndexBytes()
        if let indexBytes, let cached = cachedResolution(of: text, index: indexBytes) { return cached }
        let index = try indexBytes.map(layout.decodeIndex) ?? ImageIndex()
        let image = try resolveUncached(text, in: index)
        if let indexBytes { cacheResolution(image, of: text, index: indexBytes) }
        return image
    }

    private func resolveUncached(_ text: String, in index: ImageIndex) throws -> ResolvedImage {
        let parsed = Result { () throws(ImageReferenceError) in try ImageReference(parsing: text) }
        if case .success(let reference) = parsed,
           let entry = index.manifests.first(where: { $0.refName == reference.description }) {
            return try resolved(entry, reference: reference)
        }
        var hex = text.lowercased()
        if hex.hasPrefix(Digest.algorithmPrefix) { hex.removeFirst(Digest.algorithmPrefix.count) }
        if hex.utf8.count >= 4, Digest.isHex(hex) {
            let matches = index.manifests.filter { $0.digest.dropFirst(Digest.algorithmPrefix.count).hasPrefix(hex) }
            let digests = Set(matches.map(\.digest))
            if digests.count > 1 {
                throw CoreError(stage: "image \(text)", detail: "the ID prefix matches \(digests.count) images; give more digits")
            }
            if let entry = matches.first(where: { $0.refName != nil }) ?? matches.first {
                return try resolved(entry, reference: entry.refName.flatMap { try? ImageReference(parsing: $0) })
            }
        }
        if case .failure(let error) = parsed {
            throw CoreError(kind: .invalidInput, stage: "image \(ImageReferenceError.shortened(text))",
                            detail: "\(error.reason); give NAME[:TAG] or an image ID")
        }
        throw CoreError(stage: "image \(text)",
                        detail: "not in the image store \(root); get it with `cbench app import ROOTFS_DIR|TARBALL NAME[:TAG]` or `cbench app load OCI_LAYOUT_DIR`")
    }

    /// The image an index entry names, its layers unpacked (again, if a layer directory went missing).
    /// `lockHeld`: the caller already holds the writer lock (flock would deadlock on a second fd).
    func resolved(_ entry: Descriptor, reference: ImageReference?, lockHeld: Bool = false) throws(CoreError) -> ResolvedImage {
        let manifest = try JSONRecord.decode(ImageManifest.self, from: try blobs.read(entry), what: "manifest \(entry.digest)")
        let configuration = try JSONRecord.decode(ImageConfiguration.self, from: try blobs.read(manifest.config), what: "config \(manifest.config.digest)")
        let diffIDs = configuration.rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw CoreError(stage: "image \(entry.digest)", detail: "config lists \(diffIDs.count) diff IDs for \(manifest.layers.count) layers")
        }
        let missing = zip(manifest.layers, diffIDs).filter { !layers.contains($0.1) }
        let unpackMissing = { () throws(CoreError) in
            for (layer, diffID) in missing where !layers.contains(diffID) {
                try layers.ingest(blobPath: try layout.blobPath(layer.digest), expected: layer, expectedDiffID: diffID, copyTo: nil)
            }
        }
        if !missing.isEmpty {
            if lockHeld { try unpackMissing() } else { try writing(unpackMissing) }
        }
        return ResolvedImage(reference: reference, manifestDigest: entry.digest, configuration: configuration,
                             layerDirectories: try layerDirectories(of: configuration))
    }
}
