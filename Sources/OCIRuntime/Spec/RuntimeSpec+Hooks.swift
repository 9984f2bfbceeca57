extension RuntimeSpec {
    /// `hooks`: decoded so that bundles carrying them parse; this runtime does not run them.
    public struct Hooks: Codable, Sendable, Equatable {
        public var prestart: [Hook]?
        public var createRuntime: [Hook]?
        public var createContainer: [Hook]?
        public var startContainer: [Hook]?
        public var poststart: [Hook]?
        public var poststop: [Hook]?

        /// The hook kinds `features` lists: the ones this runtime runs.
        public static let supportedKinds: [String] = []
    }

    public struct Hook: Codable, Sendable, Equatable {
        public var path: String
        public var args: [String]?
        public var env: [String]?
        public var timeout: Int?
    }
}
