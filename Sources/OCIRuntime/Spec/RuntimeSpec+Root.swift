extension RuntimeSpec {
    /// `root`: the container's root filesystem directory.
    public struct Root: Codable, Sendable, Equatable {
        /// Relative to the bundle directory, or absolute. Empty when absent (validation reports it).
        public var path: String
        public var readonly: Bool?

        public init(path: String, readonly: Bool? = nil) {
            self.path = path
            self.readonly = readonly
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = try container.decodeIfPresent(String.self, forKey: .path) ?? ""
            readonly = try container.decodeIfPresent(Bool.self, forKey: .readonly)
        }
    }

    /// The root directory as an absolute path: `root.path` resolved against the bundle.
    /// A spec without `root` means `rootfs` beside config.json, as runc assumes for `runc spec`.
    public func rootPath(bundle: String) -> String {
        BundlePath.resolve(root?.path ?? "rootfs", against: bundle)
    }
}
