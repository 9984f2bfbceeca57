import Glibc
import NamespaceCore

/// The app layout on Docker: the stack's images copied from its OCI layout into the daemon
/// by skopeo (dockerd 20.10 cannot load an OCI layout itself) once per run, unless the
/// daemon holds them already with the layout's config digests as their ids, then
/// `EngineAppLayout`: an internal network where Docker's DNS resolves the containers' aliases.
extension DockerTarget: ApplicationTarget {
    public var applicationLayout: ApplicationLayout { .app }
    public var applicationCoverage: String {
        "`docker run -d` per container on an internal network (containerd-shim per container; dockerd and containerd counted as daemons); the port forwarded into the web container's network namespace"
    }

    func engineLayout() throws -> EngineAppLayout {
        let host = try daemon.ensureRunning()
        return EngineAppLayout(engine: { [daemon] in daemon.command(host: host, $0) }, runOptions: [],
                               cgroupParent: daemon.usesCgroupfs, resolvesNamesByDNS: true)
    }

    public func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
        let layout = try engineLayout()
        let host = try daemon.ensureRunning()
        return try layout.deploy(stack, id: id, directory: "\(context.workDirectory)/\(id)", loaded: loadedImages, load: { image in
            try RealTargetSupport.checked(["skopeo", "copy", "--quiet", "--dest-daemon-host", host,
                                           "oci:\(stack.imageLayout):\(image)", "docker-daemon:\(image)"],
                                          stage: "skopeo copy \(image) into dockerd")
        }, remove: remove)
    }

    public func start(_ deployment: ApplicationDeployment) throws { try engineLayout().start(deployment) }
    public func stop(_ deployment: ApplicationDeployment) throws { try engineLayout().stop(deployment) }

    public func remove(_ deployment: ApplicationDeployment) {
        if daemon.host != nil, let layout = try? engineLayout() { layout.remove(deployment) }
        deployment.unpublish()
        ZombieReaper.reapOrphans(named: ["containerd-shim"])
    }

    public func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] {
        (try? engineLayout())?.containers(deployment) ?? []
    }

    public func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        (try? engineLayout())?.logTails(deployment, lines: lines) ?? []
    }

    public func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
        (try? engineLayout())?.storage(deployment, note: "dockerd's overlay2: each layer once, shared by the images; containers' upper directories and volumes")
            ?? ApplicationStorage(imagePaths: [], writablePaths: [], note: "no daemon")
    }

    /// dockerd and its containerd, when this target started them.
    public func daemonPids() -> [pid_t] {
        guard daemon.startedByUs else { return [] }
        return HostProcesses.matching { $0.contains(daemon.layout.dataRoot) || $0.contains(daemon.layout.runDirectory) }
    }
}
