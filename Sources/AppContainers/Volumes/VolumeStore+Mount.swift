#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension VolumeStore {
    /// Call BEFORE creating the container, for every `-v`: checks the source (a bind's host
    /// directory must exist: it is not made, so a typo is an error instead of an empty
    /// directory) and checks every named volume's name. Makes nothing.
    public func check(_ mounts: [VolumeMount]) throws {
        var destinations: Set<String> = []
        for mount in mounts {
            guard destinations.insert(mount.destination).inserted else {
                throw CoreError(stage: "-v \(mount.destination)", detail: "two volumes are mounted at \(mount.destination): keep one")
            }
            if case .bind(let path) = mount.source {
                var info = stat()
                guard stat(path, &info) == 0 else {
                    throw CoreError(stage: "-v \(path)", detail: "host path \(path) does not exist: create it first (cbench does not make bind sources)")
                }
            }
        }
    }

    /// The mount for one `-v`, making a named volume on first use (filled by `populate`, as
    /// `create` says): rbind of the host directory or of the volume's `_data`, read-only when
    /// asked. Call after `check`, while building the container's LaunchSpec.
    public func mountSpec(for mount: VolumeMount, populate: ((String) throws -> Void)? = nil) throws -> MountSpec {
        let source: String
        switch mount.source {
        case .bind(let path): source = path
        case .named(let name): source = try create(name, existingIsFine: true, populate: populate).mountpoint
        }
        var options = ["rbind", "rprivate"]
        if mount.readonly { options.append("ro") }
        return MountSpec(destination: mount.destination, type: "bind", source: source, options: options)
    }
}
