#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// `--userns=remap`: the image layers are owned by host root on disk and shared with
    /// every other container, so they are not shifted. Each lower layer is bind-mounted
    /// idmapped (0 -> 100000) under the run directory and the overlay is built on those;
    /// container root then owns the image's root-owned files. Returns the host mounts, which
    /// `detachIdmappedLayers` removes once the container's mount namespace holds its copies.
    func idmapLayers(of id: String, in spec: inout LaunchSpec) throws(CoreError) -> [String] {
        guard let rootfs = spec.rootfs, case let .overlay(lowers, upper, work) = rootfs.source else { return [] }
        var targets: [String] = []
        do {
            for (index, lower) in lowers.enumerated() {
                let target = "\(store.runDirectory(of: id))/layer-\(index)"
                try IdmappedMount.mount(lower, at: target, uid: spec.uidMappings, gid: spec.gidMappings)
                targets.append(target)
            }
        } catch {
            Self.detachIdmappedLayers(targets)
            throw CoreError(stage: error.stage, errno: error.errno,
                            detail: "idmapped image layers for --userns=remap need Linux 5.19+ and a file system with idmapped mounts")
        }
        spec.rootfs?.source = .overlay(lower: targets, upper: upper, work: work)
        return targets
    }

    static func detachIdmappedLayers(_ targets: [String]) {
        targets.forEach(IdmappedMount.unmount)
    }
}
