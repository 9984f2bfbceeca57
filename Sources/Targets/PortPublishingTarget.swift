/// A target with an option of its own to publish a container's port on the host (`run -p`):
/// what "published ports" measures. The workload's `ports` are published on 127.0.0.1 the
/// target's way, on the network it may use on this host (no route or address translation
/// out); `cleanup` removes the container and whatever `startPublishing` made for it.
public protocol PortPublishingTarget: ContainerTarget {
    /// The command and the network it publishes from, for the evidence.
    var publishMeans: String { get }
    /// What keeps a port published this way from answering on this host, known before trying
    /// (the networks this host's rules allow); nil when nothing stands in the way.
    var publishLimit: String? { get }
    /// Starts the container with its ports published; returns once it runs.
    func startPublishing(_ container: PreparedContainer) throws
    /// The target's own account of the container's published ports (`docker port`), or nil.
    func publishedPorts(_ container: PreparedContainer) -> String?
}
