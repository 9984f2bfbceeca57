#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// What cbench writes beside CRIU's images once a dump is complete (`cbench-checkpoint.json`):
/// the container it came from, how it must be restored (layout, stdio), and every image file
/// with its size and a checksum of its bytes, so a missing, truncated or altered image is
/// named before CRIU runs. Written last: a directory without it holds no finished dump.
public struct CheckpointManifest: Sendable, Equatable, Codable {
    public static let fileName = "cbench-checkpoint.json"
    public static let currentVersion = 1

    public struct ImageFile: Sendable, Equatable, Codable {
        public var name: String
        public var size: Int64
        /// FNV-1a 64 of the bytes, as 16 hex digits; nil for page files (size only).
        public var checksum: String?
    }

    public var version: Int
    /// dump or pre-dump.
    public var kind: String
    /// The container's name or id in its front-end.
    public var container: String
    public var layout: ContainerCheckpointLayout
    public var stdio: StdioDescriptors
    public var tcpEstablished: Bool
    /// Memory is not in the images: it is served by the source's page server (post-copy).
    public var lazyPages: Bool
    public var files: [ImageFile]
    /// Anything a front-end keeps with its checkpoints (the app record, the system config).
    public var extra: [String: String]

    public init(kind: String, container: String, layout: ContainerCheckpointLayout, stdio: StdioDescriptors,
                tcpEstablished: Bool, lazyPages: Bool, files: [ImageFile], extra: [String: String] = [:]) {
        self.version = Self.currentVersion
        self.kind = kind
        self.container = container
        self.layout = layout
        self.stdio = stdio
        self.tcpEstablished = tcpEstablished
        self.lazyPages = lazyPages
        self.files = files
        self.extra = extra
    }

    public static func path(in directory: String) -> String { "\(directory)/\(fileName)" }

    /// `extra`'s mark ("1") of a dump made by a CRIU inside the tree's network namespace, in
    /// both modes: the images hold none of it, and the restore runs CRIU in a namespace it made
    /// and wired beforehand.
    public static let networkOutsideImagesKey = "networkOutsideImages"
    public var networkOutsideImages: Bool { extra[Self.networkOutsideImagesKey] == "1" }

    /// Written before the dump with no files listed: if cbench is killed while CRIU works, a
    /// restore still knows the container's layout and stdio (CRIU ends the tree only after a
    /// complete dump). Replaced by the manifest once the dump returns.
    public static let pendingFileName = "cbench-checkpoint.pending.json"
    public static func pendingPath(in directory: String) -> String { "\(directory)/\(pendingFileName)" }

    public func write(to directory: String) throws(CheckpointError) {
        try CheckpointRecordCodec.write(self, to: Self.path(in: directory))
    }

    public static func read(from directory: String) throws(CheckpointError) -> CheckpointManifest {
        try CheckpointRecordCodec.read(CheckpointManifest.self, from: path(in: directory))
    }
}
