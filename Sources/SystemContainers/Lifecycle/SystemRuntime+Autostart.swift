import NamespaceCore

extension SystemRuntime {
    /// Stopped containers whose config says `lxc.start.auto = 1`, in name order. A config that
    /// no longer loads is an error naming it, not a silent skip.
    public func autostartNames() throws(CoreError) -> [String] {
        var names: [String] = []
        for name in store.names() where store.runningState(of: name) == nil {
            if try store.loadConfig(of: name).startAuto == true { names.append(name) }
        }
        return names
    }
}
