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
    /// rootfs is used as it is.
    func prepareRoot(name: String, config: LXCConfig, metadata: SystemMetadata?) throws(CoreError)
        -> (metadata: SystemMetadata?, idmappedPath: String?) {
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
}
