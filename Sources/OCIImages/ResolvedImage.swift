/// An image ready to become a container root: its configuration and the unpacked layer
/// directories in the layer store. This is what `AppContainers` needs from the image store.
public struct ResolvedImage: Sendable, Equatable {
    public var reference: ImageReference?
    /// `sha256:HEX` of the manifest; the image ID users see is its first 12 hex digits.
    public var manifestDigest: String
    public var configuration: ImageConfiguration
    /// One unpacked directory per layer, bottom layer first (overlayfs wants them reversed,
    /// topmost first, in `lowerdir`).
    public var layerDirectories: [String]

    public init(reference: ImageReference?, manifestDigest: String, configuration: ImageConfiguration, layerDirectories: [String]) {
        self.reference = reference
        self.manifestDigest = manifestDigest
        self.configuration = configuration
        self.layerDirectories = layerDirectories
    }

    /// The first 12 hex digits of the manifest digest, as `docker images` shows IDs.
    public var shortID: String {
        String(manifestDigest.split(separator: ":").last.map(String.init)?.prefix(12) ?? "")
    }
}
