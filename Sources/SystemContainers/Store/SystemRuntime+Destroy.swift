import NamespaceCore

extension SystemRuntime {
    /// Removes the container: its directory (config, rootfs, snapshots), and with `force` a
    /// running one is killed first.
    public func destroy(name: String, force: Bool = false) throws(CoreError) {
        try store.requireExisting(name)
        if store.runningState(of: name) != nil {
            guard force else {
                throw CoreError(stage: "destroy \(name)", detail: "is running; stop it first or pass --force")
            }
            try kill(name: name)
        }
        try clearStale(name)
        try HostFiles.removeTree(store.directory(of: name))
    }
}
