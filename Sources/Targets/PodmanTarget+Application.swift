import NamespaceCore

/// The app layout on podman (crun or runc underneath): the stack's images pulled from its OCI
/// layout into the run's private storage and tagged `localhost/NAME`, then `EngineAppLayout`
/// on an internal network.
/// Podman 4.3 with CNI resolves no container names without the dnsname plugin (not in
/// Debian 12), so each container gets `--add-host` entries for those started before it.
extension PodmanTarget: ApplicationTarget {
    public var applicationLayout: ApplicationLayout { .app }
    public var applicationCoverage: String {
        "`podman run -d` per container on an internal CNI network, names by --add-host (conmon per container, counted as a helper); the port forwarded into the web container's network namespace"
    }

    var engineLayout: EngineAppLayout {
        EngineAppLayout(engine: { [self] in podman($0) }, runOptions: PodmanTarget.ulimits.flatMap { ["--ulimit", $0] } + ["--cgroups", "no-conmon"],
                        cgroupParent: true, resolvesNamesByDNS: false, imagePrefix: "localhost/")
    }

    public func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
        try ensureConfig()
        let layout = engineLayout
        return try layout.deploy(stack, id: id, directory: "\(context.workDirectory)/\(id)", loaded: loadedImages, present: { image in
            (try? layout.run(["image", "exists", image], stage: "")) != nil
        }, load: { image in
            // Run by the exact local name: a short name that matches no image here makes podman
            // look for registries (none are configured), so the image is tagged by the id pull prints.
            let stage = "podman pull \(image) from the stack's OCI layout"
            let id = try layout.run(["pull", "--quiet", "oci:\(stack.imageLayout):\(image)"], stage: stage).stdout
                .split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !id.isEmpty else { throw CoreError(stage: stage, detail: "podman pull printed no image id") }
            try layout.run(["tag", id, "localhost/\(image)"], stage: "podman tag \(image)")
        }, remove: remove)
    }

    public func start(_ deployment: ApplicationDeployment) throws { try engineLayout.start(deployment) }
    public func stop(_ deployment: ApplicationDeployment) throws { try engineLayout.stop(deployment) }

    public func remove(_ deployment: ApplicationDeployment) {
        engineLayout.remove(deployment)
        ZombieReaper.reapOrphans(named: ["conmon"])
    }

    public func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] { engineLayout.containers(deployment) }

    public func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        engineLayout.logTails(deployment, lines: lines)
    }

    public func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
        engineLayout.storage(deployment, note: "podman's overlay storage of the run: each layer once, shared by the images; containers' upper directories and volumes")
    }
}
