/// An image manifest (image-spec manifest.md, also Docker's schema 2 which has the same shape).
public struct ImageManifest: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?

    public init(config: Descriptor, layers: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = MediaType.manifest
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// An image index (image-spec image-index.md): `index.json` of a layout, or a multi-platform list.
public struct ImageIndex: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?

    public init(manifests: [Descriptor] = []) {
        self.schemaVersion = 2
        self.mediaType = MediaType.index
        self.manifests = manifests
    }
}
