import NamespaceCore

extension ContainerCheckpointLayout {
    /// The manifest's mark of a dump whose network namespace the restore makes and wires itself.
    public static let networkMadeByRestoreKey = "networkMadeByRestore"

    /// The layout of a tree whose own network namespace (inode `inode`, at `path`) is dumped as
    /// external (`net[INODE]:extRootNetNS`): CRIU then saves none of it, and its restore goes
    /// into a namespace handed over (`--inherit-fd`) instead of making one: a plain task's
    /// restore in lab1 took ~11 ms so against ~80 ms with CRIU's own namespace (12:39 UTC,
    /// CRIU's command line), and the restore's side makes and wires it before CRIU starts
    /// (~4 ms). nil when it cannot: a user-namespaced tree (a namespace made by the restore
    /// would belong to the host's user namespace, not the container's) or one that joined
    /// namespaces by path (those are the external ones already).
    public func withNetworkMadeByRestore(inode: UInt64, path: String, userNamespaced: Bool) -> ContainerCheckpointLayout? {
        guard !userNamespaced, externalNamespaces.isEmpty else { return nil }
        var layout = self
        layout.externalNamespaces = [ExternalNamespace(kind: NamespaceKind.network.criuName, inode: inode, path: path)]
        return layout
    }
}
