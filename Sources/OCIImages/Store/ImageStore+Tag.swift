import NamespaceCore

extension ImageStore {
    /// Names an image the store already holds (`docker tag`): the name moves to it from any
    /// other image; the image itself (and so its ID) is unchanged. Used by `cbench app build`
    /// to tag the final image, which may be a cached one.
    public func tag(_ image: ResolvedImage, as reference: ImageReference) throws -> ResolvedImage {
        try writing { () throws(CoreError) -> ResolvedImage in
            guard let entry = try readIndex().manifests.first(where: { $0.digest == image.manifestDigest }) else {
                throw CoreError(stage: "tag \(reference)", detail: "image \(image.shortID) is not in the image store \(root)")
            }
            try record(manifest: entry, as: reference)
            var tagged = image
            tagged.reference = reference
            return tagged
        }
    }
}
