#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppNetworkStore {
    /// Removes the record of `name`, refused while live containers are attached (named in the
    /// error). `deleteBridge` gets the bridge name so a bridge left by a crash goes too.
    public func remove(_ name: String, deleteBridge: (String) throws -> Void = { _ in }) throws {
        let network = try inspect(name)
        try locked {
            let attached = try members(of: name)
            if !attached.isEmpty {
                let names = attached.map(\.containerName).joined(separator: ", ")
                throw CoreError(stage: "network rm \(name)", detail: "in use by \(names): stop or remove \(attached.count == 1 ? "that container" : "those containers") first")
            }
            try deleteBridge(network.bridge)
            try saveMembers([], of: name)
            removeRemoteMembers(of: name)
            if unlink(recordPath(name)) != 0 && errno != ENOENT { throw CoreError.fromErrno("network rm \(name)") }
        }
    }
}
