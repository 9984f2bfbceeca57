/// `cbench app run -d -p 127.0.0.1:HOST:PORT`: the container's supervisor listens on the
/// host's loopback and opens each connection inside the container's network namespace, so
/// it needs no network, route or address translation.
extension AppCLITarget: PortPublishingTarget {
    public var publishMeans: String {
        "cbench app run -d -p 127.0.0.1:HOST:PORT, no network: the container's supervisor forwards from the host's loopback into its network namespace"
    }

    public var publishLimit: String? { nil }

    public func startPublishing(_ container: PreparedContainer) throws { _ = try startUntilRunning(container) }

    public func publishedPorts(_ container: PreparedContainer) -> String? { nil }
}
