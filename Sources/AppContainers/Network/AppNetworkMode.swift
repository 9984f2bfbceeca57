/// How a container is networked, from its `--network` values.
public enum AppNetworkMode: Sendable, Equatable {
    /// Its own network namespace with only loopback up (also the default: no `--network`).
    case none
    /// The host's network namespace: no namespace of its own, the host's /etc/hosts.
    case host
    /// Its own namespace joined to these user-defined networks, eth0 on the first.
    case networks([String])

    /// Whether the launch must create a network namespace (`.network` in the LaunchSpec).
    public var needsOwnNetworkNamespace: Bool { self != .host }

    /// The user-defined networks to join (empty for none and host).
    public var networkNames: [String] {
        if case .networks(let names) = self { return names }
        return []
    }
}
