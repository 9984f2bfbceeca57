import Foundation
import Glibc
import NamespaceCore

/// `podman commit` of the stopped container, `podman save --format oci-archive`, `podman load`
/// of the archive into a second storage of the run (its own `--root`, `--runroot` and
/// containers.conf), and `podman run` there.
extension PodmanTarget: ImagingTarget {
    /// The second storage: the same podman and runtime, another name for its directories.
    var elsewhere: PodmanTarget {
        PodmanTarget(runtime: runtime, flavour: flavour + "-2", context: context, executable: executable, environment: environment)
    }

    public var imageMeans: String {
        "podman commit of the stopped container, podman save --format oci-archive, podman load into a second storage (\(elsewhere.storageRoot)), podman run there"
    }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let image = DockerStyleArguments.imageElsewhere(of: container)
        let other = elsewhere
        try RealTargetSupport.checked(podman(["commit", "--quiet", container.id, image]), stage: "\(name) commit \(container.id)")
        try RealTargetSupport.checked(podman(["save", "--quiet", "--format", "oci-archive", "--output", archive, image]), stage: "\(name) save \(image)")
        try other.ensureConfig()
        try RealTargetSupport.checked(other.podman(["load", "--quiet", "--input", archive]), stage: "\(name) load \(archive) into \(other.storageRoot)")
        let copy = DockerStyleArguments.clone(of: container, id: id)
        return try RealTargetSupport.runWhole(Spawn(other.runArguments(copy, image: image, detached: false)), copy,
                                              stage: "\(name) run \(id) in \(other.storageRoot)")
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        let other = elsewhere
        if FileManager.default.fileExists(atPath: "\(other.runRoot)/containers.conf") {
            _ = try? Spawn(other.podman(["rm", "--force", "--ignore", "--time", "0", id])).run()
            _ = try? Spawn(other.podman(["rmi", "--force", DockerStyleArguments.imageElsewhere(of: container)])).run()
        }
        _ = try? Spawn(podman(["rmi", "--force", DockerStyleArguments.imageElsewhere(of: container)])).run()
        Cgroup.removeAbandoned(path: TargetContext.cgroupPath(for: id))
        other.finish()
        unlink(archive)
    }
}
