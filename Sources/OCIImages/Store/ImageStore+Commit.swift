import JSONRecords
import NamespaceCore

extension ImageStore {
    /// A new image on top of `parent`: the overlay upper directory (if any) becomes one new layer
    /// (overlay whiteouts -> `.wh.` entries, opaque xattr -> `.wh..wh..opq`), with `configuration`
    /// (nil keeps the parent's); rootfs.diff_ids and history are extended here.
    /// `upperDirectory == nil` adds an empty-layer step (ENV, LABEL...). Tagged when `reference` is given.
    public func commit(upperDirectory: String?, parent: ResolvedImage?, configuration: ImageConfiguration.ExecutionParameters?,
                       createdBy: String, reference: ImageReference?) throws -> ResolvedImage {
        try writing { () throws(CoreError) -> ResolvedImage in
            var layerDescriptors: [Descriptor] = []
            var image = ImageConfiguration(architecture: HostArchitecture.current.imageName, os: "linux")
            if let parent {
                let manifest = try JSONRecord.decode(ImageManifest.self, from: try blobs.read(digest: parent.manifestDigest),
                                                     what: "manifest \(parent.manifestDigest)")
                layerDescriptors = manifest.layers
                image = parent.configuration
            }
            if let configuration { image.config = configuration }
            let now = RFC3339.now()
            image.created = now
            var history = image.history ?? []
            if let upperDirectory {
                let layer = try layerFromDirectory(upperDirectory, source: .overlayUpper)
                layerDescriptors.append(layer.descriptor)
                image.rootfs.diffIDs.append(layer.diffID)
                history.append(.init(created: now, createdBy: createdBy))
            } else {
                history.append(.init(created: now, createdBy: createdBy, emptyLayer: true))
            }
            image.history = history
            return try storeImage(configuration: image, layerDescriptors: layerDescriptors, reference: reference,
                                  parent: parent?.manifestDigest)
        }
    }
}
