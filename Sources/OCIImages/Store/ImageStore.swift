#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

/// The local image store: an OCI image layout (`ROOT/oci`) holding every image's blobs and
/// an index of its names, plus every layer unpacked once (`ROOT/layers/sha256/DIFFID`) for
/// overlayfs. Writers serialise on `ROOT/lock`; readers need no lock (files are replaced by
/// rename, never rewritten in place).
public struct ImageStore: Sendable {
    public static let defaultRoot: String = ProjectDirectories.persistent + "/app"

    public let root: String
    /// Compression of the layer blobs this store writes (import, commit).
    public var layerCompression: LayerCompression = .gzip

    public init(root: String = ImageStore.defaultRoot) {
        self.root = root.droppingTrailingSlashes()
    }

    var layout: OCILayout { OCILayout(directory: root + "/oci") }
    var blobs: BlobStore { BlobStore(layout: layout, scratchDirectory: scratchDirectory) }
    var layers: LayerStore { LayerStore(directory: root + "/layers/sha256") }
    var scratchDirectory: String { root + "/tmp" }
    var lockPath: String { root + "/lock" }

    /// Runs `body` holding the writer lock, with the store's directories made.
    func writing<Result>(_ body: () throws(CoreError) -> Result) throws(CoreError) -> Result {
        // 0711: the app containers' upper directories live below the same root, and a
        // user-namespaced container's root must be able to reach them.
        try FileIO.makeDirectories(root, mode: 0o711)
        return try StoreLock.withExclusive(lockPath) { () throws(CoreError) -> Result in
            try layout.create()
            try FileIO.makeDirectories(layers.directory, mode: 0o755)
            try FileIO.makeDirectories(scratchDirectory, mode: 0o755)
            return try body()
        }
    }

    /// The index's bytes, nil when the store was never written.
    func readIndexBytes() throws(CoreError) -> [UInt8]? {
        do throws(CoreError) {
            return try FileIO.read(layout.indexPath)
        } catch where error.errno == ENOENT {
            return nil
        }
    }

    /// The store's index, empty when the store was never written.
    func readIndex() throws(CoreError) -> ImageIndex {
        guard let bytes = try readIndexBytes() else { return ImageIndex() }
        return try layout.decodeIndex(bytes)
    }

    /// Points `reference` (if any) at `manifest`; an image that loses its last name stays,
    /// untagged, until `remove` or a prune (containers and build caches may still use it).
    /// `parent` (a manifest digest) is the image a commit or build step stood on: `images`
    /// hides an untagged parent, as docker hides build intermediates.
    func record(manifest: Descriptor, as reference: ImageReference?, parent: String? = nil) throws(CoreError) {
        var index = try readIndex()
        var entry = Descriptor(mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size)
        // A new name for an image already here (a build tags its last step) keeps its parent.
        let knownParent = index.manifests.lazy.compactMap { $0.digest == manifest.digest ? $0.annotations?[Descriptor.parentAnnotation] : nil }.first
        if let parent = parent ?? knownParent { entry.annotations = [Descriptor.parentAnnotation: parent] }
        if let reference {
            entry.annotations = (entry.annotations ?? [:]).merging([Descriptor.refNameAnnotation: reference.description]) { $1 }
            for position in index.manifests.indices where index.manifests[position].refName == reference.description {
                index.manifests[position].annotations?[Descriptor.refNameAnnotation] = nil
                if index.manifests[position].annotations?.isEmpty == true { index.manifests[position].annotations = nil }
            }
        }
        index.manifests.append(entry)
        index.manifests = Self.withoutRedundantUntagged(index.manifests)
        try layout.writeIndex(index)
    }

    /// An untagged entry is dropped when another entry (tagged or not) has the same manifest.
    static func withoutRedundantUntagged(_ entries: [Descriptor]) -> [Descriptor] {
        var kept: [Descriptor] = []
        for entry in entries {
            if entry.refName == nil {
                if kept.contains(where: { $0.digest == entry.digest }) { continue }
                if entries.contains(where: { $0.digest == entry.digest && $0.refName != nil }) { continue }
            }
            kept.append(entry)
        }
        return kept
    }

    /// Writes a config and a manifest for `layers` and records them under `reference`.
    func storeImage(configuration: ImageConfiguration, layerDescriptors: [Descriptor], reference: ImageReference?,
                    parent: String? = nil) throws(CoreError) -> ResolvedImage {
        let configDescriptor = try blobs.put(try JSONRecord.encode(configuration), mediaType: MediaType.config)
        let manifest = ImageManifest(config: configDescriptor, layers: layerDescriptors)
        let manifestDescriptor = try blobs.put(try JSONRecord.encode(manifest), mediaType: MediaType.manifest)
        try record(manifest: manifestDescriptor, as: reference, parent: parent)
        return ResolvedImage(reference: reference, manifestDigest: manifestDescriptor.digest, configuration: configuration,
                             layerDirectories: try layerDirectories(of: configuration))
    }

    func layerDirectories(of configuration: ImageConfiguration) throws(CoreError) -> [String] {
        var directories: [String] = []
        for diffID in configuration.rootfs.diffIDs { directories.append(try layers.path(of: diffID)) }
        return directories
    }
}
