import Glibc
import NamespaceCore

/// The app layout on podman (crun or runc underneath): the stack's images read from podman's
/// image store in the stack's cache (`stackImageStore`, filled once from the stack's OCI
/// layout) as an additional store of the run's private storage, then `EngineAppLayout` on
/// an internal network.
/// Podman 4.3 with CNI resolves no container names without the dnsname plugin (not in
/// Debian 12), so each container gets `--add-host` entries for those started before it.
extension PodmanTarget: ApplicationTarget {
    public var applicationLayout: ApplicationLayout { .app }
    public var applicationCoverage: String {
        "`podman run -d` per container on an internal CNI network, names by --add-host (conmon per container, counted as a helper); images from a read-only image store in the stack's cache; the port forwarded into the web container's network namespace"
    }

    func engineLayout(imageStore: String?) -> EngineAppLayout {
        EngineAppLayout(engine: { [self] in podman($0, root: storageRoot, imageStore: imageStore) },
                        runOptions: PodmanTarget.ulimits.flatMap { ["--ulimit", $0] } + ["--cgroups", "no-conmon"],
                        cgroupParent: true, resolvesNamesByDNS: false, imagePrefix: "localhost/")
    }

    /// The layout of a deployment: the stack's image store when it is filled.
    func engineLayout(_ deployment: ApplicationDeployment) -> EngineAppLayout {
        let store = "\(deployment.stack.engineImageStores)/podman"
        return engineLayout(imageStore: access(store, F_OK) == 0 ? store : nil)
    }

    public func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
        try ensureConfig()
        let layout = engineLayout(imageStore: try stackImageStore(stack))
        return try layout.deploy(stack, id: id, directory: "\(context.workDirectory)/\(id)", loaded: loadedImages, load: { image in
            // Only when the store does not hold the layout's image after all: into the run's storage.
            // Run by the exact local name: a short name that matches no image here makes podman
            // look for registries (none are configured), so the image is tagged by the id pull prints.
            let stage = "podman pull \(image) from the stack's OCI layout"
            let id = try layout.run(["pull", "--quiet", "oci:\(stack.imageLayout):\(image)"], stage: stage).stdout
                .split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !id.isEmpty else { throw CoreError(stage: stage, detail: "podman pull printed no image id") }
            try layout.run(["tag", id, "localhost/\(image)"], stage: "podman tag \(image)")
        }, remove: remove)
    }

    public func start(_ deployment: ApplicationDeployment) throws { try engineLayout(deployment).start(deployment) }
    public func stop(_ deployment: ApplicationDeployment) throws { try engineLayout(deployment).stop(deployment) }

    public func remove(_ deployment: ApplicationDeployment) {
        engineLayout(deployment).remove(deployment)
        ZombieReaper.reapOrphans(named: ["conmon"])
    }

    public func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] { engineLayout(deployment).containers(deployment) }

    public func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        engineLayout(deployment).logTails(deployment, lines: lines)
    }

    public func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
        engineLayout(deployment).storage(deployment, note: "podman's overlay storage: the images' layers once each in the stack cache's image store, shared by the images and by every run; containers' upper directories and volumes in the run's storage")
    }
}
