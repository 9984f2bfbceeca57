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
}
