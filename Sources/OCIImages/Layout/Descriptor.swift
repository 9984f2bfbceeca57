/// A content descriptor (image-spec descriptor.md): what a blob is, its digest and size.
public struct Descriptor: Codable, Sendable, Equatable {
    public var mediaType: String
    public var digest: String
    public var size: Int64
    public var annotations: [String: String]?
    public var platform: Platform?

    public init(mediaType: String, digest: String, size: Int64, annotations: [String: String]? = nil, platform: Platform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }

    public struct Platform: Codable, Sendable, Equatable {
        public var architecture: String
        public var os: String
        public var variant: String?

        public init(architecture: String, os: String, variant: String? = nil) {
            self.architecture = architecture
            self.os = os
            self.variant = variant
        }
    }

    /// The annotation that names a manifest in an index (`name:tag` here, a bare tag from umoci).
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    /// The full `NAME:TAG` beside a bare tag ref name, as containerd and `docker save` write it.
    public static let containerdNameAnnotation = "io.containerd.image.name"

    /// The image a store entry was committed on (this store's own index only; never saved).
    public static let parentAnnotation = "io.cbench.image.parent"

    var refName: String? { annotations?[Self.refNameAnnotation] }
}
