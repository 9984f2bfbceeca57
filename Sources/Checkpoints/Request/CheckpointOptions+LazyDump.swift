#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension CheckpointOptions {
    /// Makes these a post-copy dump whose pages are served at `address` over `connection`, a
    /// TCP connection the destination made to it (CRIU listens on nothing). CRIU's RPC drops
    /// `ps.fd` for a lazy dump (it takes only the port then; with the fd alone its server
    /// listened in the container's namespace, where no one reached it, at 15:31 UTC): the
    /// descriptor goes in through a config file the request names (`ps-socket N`, as on CRIU's
    /// command line), written to `configPath`, which the RPC's own options leave as it is. The
    /// caller removes that file once the dump has ended.
    ///
    /// The tree is left to run (`leaveRunning`), and the caller freezes its cgroup before CRIU
    /// gets it: CRIU writes FROZEN back to a group it found FROZEN as it lets the tree go, so the
    /// tree outlives CRIU's end, frozen. CRIU cannot tell the destination's lazy-pages daemon
    /// going away from the last page served (a dump that ended any tree took the source with a
    /// destination that failed after its daemon connected); the caller ends the tree once the
    /// destination says every page came in, and resumes it otherwise.
    public mutating func serveLazily(at address: PageServerAddress, over connection: Int32, configPath: String) throws {
        try FileIO.write(configPath, Array("ps-socket \(CRIURequest.pageServerSocketNumber)\n".utf8))
        configFile = configPath
        pageServerSocket = connection
        lazyPages = true
        pageServer = address
        leaveRunning = true
    }
}
