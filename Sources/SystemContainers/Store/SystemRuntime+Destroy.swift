#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// Removes the container: its directory (config, rootfs, snapshots) and a move's images in
    /// the run root, and with `force` a running one is killed first.
    public func destroy(name: String, force: Bool = false) throws(CoreError) {
        try store.requireExisting(name)
        if store.runningState(of: name) != nil {
            guard force else {
                throw CoreError(stage: "destroy \(name)", detail: "is running; stop it first or pass --force")
            }
            try kill(name: name, signal: SIGKILL)
        }
        try clearStale(name)
        let bridges = ((try? store.loadConfig(of: name))?.orderedNetworks ?? []).filter { $0.type == .veth }.compactMap(\.link)
        store.removeCheckpoint(store.movingCheckpointDirectory(of: name))
        try FileIO.removeTree(store.directory(of: name))
        removeUnusedBridges(bridges)
    }

    /// A project bridge goes with the last container attached to it.
    func removeUnusedBridges(_ bridges: [String]) {
        guard !bridges.isEmpty, let network = try? SystemNetwork.real() else { return }
        for bridge in Set(bridges) { _ = try? network.removeBridgeIfUnused(bridge) }
    }
}
