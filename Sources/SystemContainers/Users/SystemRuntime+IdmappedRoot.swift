#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// `CBENCH_SYSTEM_IDMAP=shift` forces the ownership shift (to measure both ways).
    static var idmapEnabled: Bool {
        getenv("CBENCH_SYSTEM_IDMAP").map { String(cString: $0) } != "shift"
    }

    /// The root an unprivileged container starts from: an idmapped mount of its rootfs (files
    /// stay owned by host root; one shifted before is shifted back once), else the rootfs
    /// with its owners shifted to the ids container root maps to. A privileged container's
    /// rootfs is used as it is. An unprivileged overlay root (`create --snapshot`) gets an
    /// idmapped mount of its lower tree, which it shares and so can never be shifted.
    func prepareRoot(name: String, config: LXCConfig, metadata: SystemMetadata?) throws(CoreError)
        -> (metadata: SystemMetadata?, idmappedPath: String?) {
        if let overlay = config.rootfsOverlay {
            guard config.isUnprivileged else { return (metadata, nil) }
            let target = store.stateDirectory(of: name) + "/lower"
            do {
                try IdmappedMount.mount(overlay.lower, at: target, uid: config.uidMappings, gid: config.gidMappings)
            } catch {
                throw CoreError(stage: "start \(name): \(error.stage)", errno: error.errno,
                                detail: "an unprivileged overlay root needs an idmapped mount of its shared lower tree \(overlay.lower) (Linux 5.19+)")
            }
            return (metadata, target)
        }
        guard config.isUnprivileged, Self.idmapEnabled else {
            return (try ensureRootOwner(name: name, config: config, metadata: metadata), nil)
        }
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let target = store.stateDirectory(of: name) + "/rootfs"
        do {
            try IdmappedMount.mount(rootfs, at: target, uid: config.uidMappings, gid: config.gidMappings)
        } catch {
            // Kernel or file system without idmapped mounts: shift the owners instead.
            return (try ensureRootOwner(name: name, config: config, metadata: metadata), nil)
        }
        do {
            return (try ensureRootOwner(name: name, config: config, metadata: metadata, wanted: .hostRoot), target)
        } catch {
            IdmappedMount.unmount(target)
            throw error
        }
    }

    /// The launch's root when `prepareRoot` made an idmapped mount at `idmapped`: that mount,
    /// or for an overlay root the overlay built on it as its lower layer, mounted by the
    /// container's root at `rootfs` in the state directory (which it can reach, unlike the
    /// launcher's own directory for overlays).
    func launchRoot(name: String, idmapped: String, config: LXCConfig) throws(CoreError) -> RootfsSpec {
        guard let overlay = config.rootfsOverlay else { return RootfsSpec(.directory(idmapped)) }
        let mountpoint = store.stateDirectory(of: name) + "/rootfs"
        guard mkdir(mountpoint, 0o755) == 0 || errno == EEXIST else { throw CoreError.fromErrno("mkdir \(mountpoint)") }
        var root = RootfsSpec(.overlay(lower: [idmapped], upper: overlay.upper, work: overlay.work))
        root.mountpoint = mountpoint
        return root
    }
}
