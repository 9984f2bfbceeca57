extension ProbeReport {
    /// One security-defaults attempt of the probe (`--escape NAME`, escapes.c): how far it
    /// got from inside the container towards the host.
    public struct Escape: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable {
            /// The container defends: the call was refused or nothing outside was in reach.
            case blocked
            /// It got through; `detail` says to what.
            case reached
            /// The kernel let the call through, yet nothing of the host was in reach.
            case permitted
            /// The attempt could not be set up (no writable directory, no host root given).
            case untried
        }

        public var outcome: Outcome
        /// Symbolic errno of the deciding call, nil when none failed.
        public var errno: String?
        /// Set when a seccomp filter killed the attempt's child (`SIGSYS`).
        public var signal: String?
        public var detail: String
    }
}
