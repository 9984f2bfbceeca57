#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

extension ImageStore {
    /// An OCI layout directory (skopeo, umoci, buildah write these): every tagged manifest in its
    /// index. containerd's `io.containerd.image.name` or a `name:tag` ref name gives the name
    /// (`localhost/` and `docker.io/library/` dropped, as the short names podman and docker
    /// show); a bare tag (umoci, `skopeo copy oci:DIR:TAG`) takes `baseName` (default: the
    /// directory's name), so `umoci new --image web:1` loads as `web:1`.
    public func load(layout directory: String, baseName: String? = nil) throws -> [ResolvedImage] {
        let source = OCILayout(directory: directory)
        try source.checkIsLayout()
        let sourceBlobs = BlobStore(layout: source, scratchDirectory: scratchDirectory)
        let tagged = try taggedManifests(in: source, blobs: sourceBlobs, baseName: baseName)
        guard !tagged.isEmpty else {
            throw CoreError(stage: "load \(directory)", detail: "its index.json names no image (no org.opencontainers.image.ref.name); tag one, e.g. `skopeo copy oci:SRC oci:\(directory):latest`")
        }
        return try writing { () throws(CoreError) -> [ResolvedImage] in
            var loaded: [ResolvedImage] = []
            for (descriptor, reference) in tagged {
                try copyImage(descriptor, from: source, blobs: sourceBlobs)
                try record(manifest: descriptor, as: reference)
                loaded.append(try resolved(descriptor, reference: reference, lockHeld: true))
            }
            return loaded
        }
    }

    /// Each tagged manifest of a layout's index with the name it loads as; an entry that is
    /// itself an index (multi-platform) gives its manifest for this machine.
    func taggedManifests(in source: OCILayout, blobs sourceBlobs: BlobStore, baseName: String? = nil) throws(CoreError) -> [(Descriptor, ImageReference)] {
        var found: [(Descriptor, ImageReference)] = []
        for entry in try source.readIndex().manifests {
            guard let refName = Self.savedName(of: entry) ?? entry.refName else { continue }
            let reference = try Self.reference(fromRefName: refName, baseName: baseName ?? source.directory)
            var manifest = entry
            if MediaType.indexes.contains(entry.mediaType) {
                let nested = try JSONRecord.decode(ImageIndex.self, from: try sourceBlobs.read(entry), what: "index \(entry.digest)")
                guard let chosen = nested.manifests.first(where: { $0.platform.map { $0.os == "linux" && $0.architecture == HostArchitecture.current.imageName } ?? true }) else {
                    throw CoreError(stage: "load \(refName)", detail: "no linux/\(HostArchitecture.current.imageName) image in its index")
                }
                manifest = chosen
            }
            guard MediaType.manifests.contains(manifest.mediaType) else {
                throw CoreError(stage: "load \(refName)", detail: "unsupported manifest media type \(manifest.mediaType)")
            }
            found.append((manifest, reference))
        }
        return found
    }

    /// The registry prefixes a short name leaves out (podman's local images, docker's default).
    static let implicitPrefixes = ["localhost/", "docker.io/library/", "docker.io/"]

    /// `baseName` is a path whose last component names an image given by a bare tag.
    static func reference(fromRefName refName: String, baseName: String) throws(CoreError) -> ImageReference {
        do {
            if refName.contains(":") {
                let short = implicitPrefixes.first { refName.hasPrefix($0) }.map { String(refName.dropFirst($0.count)) } ?? refName
                return try ImageReference(parsing: short)
            }
            var base = baseName.split(separator: "/").last.map(String.init) ?? "image"
            for suffix in [".tar", ".oci"] where base.hasSuffix(suffix) && base.count > suffix.count { base.removeLast(suffix.count) }
            let name = String(base.lowercased().map { $0.isLetterOrDigitASCII || "._-".contains($0) ? $0 : "-" })
            return try ImageReference(parsing: name + ":" + refName)
        } catch {
            throw CoreError(stage: "load ref name '\(refName)'", detail: error.reason)
        }
    }

    /// Copies one image's blobs into the store (each checked) and unpacks its layers, in one
    /// pass per layer blob.
    func copyImage(_ descriptor: Descriptor, from source: OCILayout, blobs sourceBlobs: BlobStore) throws(CoreError) {
        let manifestBytes = try sourceBlobs.read(descriptor)
        let manifest = try JSONRecord.decode(ImageManifest.self, from: manifestBytes, what: "manifest \(descriptor.digest)")
        let configBytes = try sourceBlobs.read(manifest.config)
        let configuration = try JSONRecord.decode(ImageConfiguration.self, from: configBytes, what: "config \(manifest.config.digest)")
        let diffIDs = configuration.rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw CoreError(stage: "image \(descriptor.digest)", detail: "config lists \(diffIDs.count) diff IDs for \(manifest.layers.count) layers")
        }
        for (layer, diffID) in zip(manifest.layers, diffIDs) {
            guard MediaType.layers.contains(layer.mediaType) else {
                throw CoreError(kind: .unsupported, stage: "blob \(layer.digest)", detail: "unsupported layer media type \(layer.mediaType)")
            }
            let haveBlob = blobs.contains(layer.digest)
            if haveBlob, layers.contains(diffID) { continue }
            if haveBlob {
                try layers.ingest(blobPath: try layout.blobPath(layer.digest), expected: layer, expectedDiffID: diffID, copyTo: nil)
                continue
            }
            let temporary = try FileSystem.temporaryPath(in: scratchDirectory, prefix: "blob")
            do throws(CoreError) {
                try layers.ingest(blobPath: try source.blobPath(layer.digest), expected: layer, expectedDiffID: diffID, copyTo: temporary)
            } catch {
                unlink(temporary)
                throw error
            }
            try blobs.adopt(temporary, as: layer.digest)
        }
        // Config and manifest last: a store never names an image whose layers are not all there.
        try blobs.put(configBytes, mediaType: manifest.config.mediaType)
        try blobs.put(manifestBytes, mediaType: descriptor.mediaType)
    }
}
