import Archive

/// The media types of image-spec 1.1, and Docker's equivalents accepted when loading.
public enum MediaType {
    public static let index = "application/vnd.oci.image.index.v1+json"
    public static let manifest = "application/vnd.oci.image.manifest.v1+json"
    public static let config = "application/vnd.oci.image.config.v1+json"
    public static let layerTar = "application/vnd.oci.image.layer.v1.tar"
    public static let layerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let layerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"

    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar"

    static let manifests: Set<String> = [manifest, dockerManifest]
    static let indexes: Set<String> = [index, dockerManifestList]
    static let layers: Set<String> = [layerTar, layerGzip, layerZstd, dockerLayerGzip, dockerLayerTar,
                                      "application/vnd.oci.image.layer.nondistributable.v1.tar",
                                      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                                      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"]
}

/// How a layer blob this store writes is compressed.
public enum LayerCompression: String, Sendable, CaseIterable {
    case none, gzip, zstd

    var mediaType: String {
        switch self {
        case .none: MediaType.layerTar
        case .gzip: MediaType.layerGzip
        case .zstd: MediaType.layerZstd
        }
    }

    var archiveCompression: ArchiveWriter.Compression {
        switch self {
        case .none: .none
        case .gzip: .gzip
        case .zstd: .zstd
        }
    }

    /// The compression a blob's first bytes show (tar files have no magic at offset 0).
    static func sniff(_ head: [UInt8]) -> LayerCompression {
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b { return .gzip }
        if head.count >= 4, head[0] == 0x28, head[1] == 0xb5, head[2] == 0x2f, head[3] == 0xfd { return .zstd }
        return .none
    }
}
