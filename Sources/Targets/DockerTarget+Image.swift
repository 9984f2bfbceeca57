import Glibc
import NamespaceCore

/// `docker commit` of the stopped container and `docker save` of that image to a tar, then
/// the image is removed from the daemon and `docker load` brings it back from the tar alone
/// before `docker run`: this host has one Docker daemon, so "elsewhere" is that daemon
/// without the committed image (the evidence says so).
extension DockerTarget: ImagingTarget {
    public var imageMeans: String {
        "docker commit of the stopped container, docker save to a tar, docker rmi of the committed image, docker load of the tar, docker run "
            + "(one daemon on this host: elsewhere is the same daemon once the image is gone from it)"
    }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let host = try daemon.ensureRunning()
        let image = DockerStyleArguments.imageElsewhere(of: container)
        try RealTargetSupport.checked(daemon.command(host: host, ["commit", container.id, image]), stage: "docker commit \(container.id)")
        try RealTargetSupport.checked(daemon.command(host: host, ["save", "--output", archive, image]), stage: "docker save \(image)")
        try RealTargetSupport.checked(daemon.command(host: host, ["rmi", image]), stage: "docker rmi \(image)")
        try RealTargetSupport.checked(daemon.command(host: host, ["load", "--quiet", "--input", archive]), stage: "docker load \(archive)")
        let copy = DockerStyleArguments.clone(of: container, id: id)
        let arguments = DockerTarget.runArguments(copy, image: image, detached: false, cgroupParent: daemon.usesCgroupfs, runtime: nil)
        return try RealTargetSupport.runWhole(Spawn(daemon.command(host: host, arguments)), copy, stage: "docker run \(id)")
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        if let host = daemon.host {
            _ = try? Spawn(daemon.command(host: host, ["rm", "--force", id])).run()
            _ = try? Spawn(daemon.command(host: host, ["rmi", "--force", DockerStyleArguments.imageElsewhere(of: container)])).run()
        }
        cleanup(DockerStyleArguments.clone(of: container, id: id))
        unlink(archive)
    }
}
