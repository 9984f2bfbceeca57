/// One line of `cbench app images`.
public struct ImageSummary: Sendable, Equatable {
    /// nil for an untagged image.
    public var reference: ImageReference?
    /// The first 12 hex digits of the manifest digest.
    public var id: String
    public var manifestDigest: String
    /// The config's `created` time (RFC 3339), if it has one.
    public var created: String?
    /// Bytes of the layer blobs as stored (compressed).
    public var size: Int64
    public var layerCount: Int
    /// The manifest digest of the image this one was committed on (build steps, commit).
    public var parentDigest: String?

    public init(reference: ImageReference?, id: String, manifestDigest: String, created: String?, size: Int64,
                layerCount: Int, parentDigest: String? = nil) {
        self.reference = reference
        self.id = id
        self.manifestDigest = manifestDigest
        self.created = created
        self.size = size
        self.layerCount = layerCount
        self.parentDigest = parentDigest
    }

    /// What `images` shows: without `all`, an untagged image another one was committed on (a
    /// build step's intermediate) is hidden, as docker hides it; untagged images with no
    /// child (dangling) stay visible.
    public static func shown(_ summaries: [ImageSummary], all: Bool) -> [ImageSummary] {
        guard !all else { return summaries }
        let parents = Set(summaries.compactMap(\.parentDigest))
        return summaries.filter { $0.reference != nil || !parents.contains($0.manifestDigest) }
    }
}
