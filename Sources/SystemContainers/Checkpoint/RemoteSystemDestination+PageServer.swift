import Checkpoints
import NamespaceCore

extension RemoteSystemDestination {
    /// Where the source's lazy page server listens for this host (`PageServerRoute`): the
    /// destination's `criu lazy-pages` connects to it over the same network the images took.
    public func reservePageServerPort() throws -> ReservedPort? {
        try PageServerRoute.reservePort(ssh: ssh, host: host, stage: "migrate: page server toward \(host)")
    }

    /// The host's IPv4 address as ssh reaches it (`ssh -G`'s hostname, resolved).
    func remoteAddress(stage: String) throws -> IPv4Address {
        try PageServerRoute.remoteAddress(ssh: ssh, host: host, stage: stage)
    }
}
