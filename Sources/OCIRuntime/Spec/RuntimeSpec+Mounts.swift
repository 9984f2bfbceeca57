extension RuntimeSpec {
    /// `mounts[]`, mounted in order after the root is prepared.
    public struct Mount: Codable, Sendable, Equatable {
        /// Absolute path inside the container.
        public var destination: String
        /// Absent for bind mounts, which say `bind` or `rbind` in `options`.
        public var type: String?
        /// For bind mounts a host path, relative to the bundle or absolute.
        public var source: String?
        public var options: [String]?

        public init(destination: String, type: String? = nil, source: String? = nil, options: [String]? = nil) {
            self.destination = destination
            self.type = type
            self.source = source
            self.options = options
        }

        public var isBind: Bool {
            type == "bind" || (options ?? []).contains { $0 == "bind" || $0 == "rbind" }
        }
    }
}
