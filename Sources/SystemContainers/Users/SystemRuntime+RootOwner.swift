#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// Before a start: the rootfs belongs to the ids container root maps to (shifted once,
    /// and back again when `lxc.idmap` is removed). Returns the metadata as it now is.
    func ensureRootOwner(name: String, config: LXCConfig, metadata: SystemMetadata?,
                         wanted chosen: SystemRootOwner? = nil) throws(CoreError) -> SystemMetadata? {
        let wanted = chosen ?? config.rootOwner
        let current = metadata?.rootOwner ?? .hostRoot
        guard wanted != current else { return metadata }
        guard var updated = metadata else {
            throw CoreError(stage: "start \(name)", detail: "\(store.metadataPath(of: name)) is missing: cannot tell who owns the rootfs")
        }
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let started = Self.monotonicSeconds()
        try RootfsOwnershipShift(from: current, to: wanted).apply(to: rootfs)
        updated.rootOwner = wanted == .hostRoot ? nil : wanted
        updated.ownershipShiftMilliseconds = (Self.monotonicSeconds() - started) * 1000
        try store.saveMetadata(updated, of: name)
        return updated
    }
}
