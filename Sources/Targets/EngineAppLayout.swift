import Foundation
import Glibc
import NamespaceCore
import OCIImages

/// The app layout on a container engine's command line (podman, Docker), which both spell
/// alike: an `--internal` network (no route and no address translation out, as the project
/// requires), named volumes, `run -d` per container in order, `stop` and `rm` to stop. An
/// engine publishes no port on an internal network, so the web port is forwarded into the
/// web container's network namespace (`ApplicationDeployment.publish`). Names are resolved
/// by the engine's DNS where it has one on such a network (Docker), else by `--add-host`
/// entries with the addresses of the containers started before (podman with CNI and no
/// dnsname plugin).
struct EngineAppLayout: Sendable {
    /// `docker -H …` or `podman --root …` in front of the arguments.
    let engine: @Sendable ([String]) throws -> [String]
    /// Given to every `run` (podman's rlimits).
    let runOptions: [String]
    /// Whether containers may get a cgroupfs parent below `cbench/` (one per deployment).
    let cgroupParent: Bool
    let resolvesNamesByDNS: Bool
    /// Put before an image's name where the engine keeps it (podman: `localhost/`, the
    /// registry its local names carry, so no short-name lookup is tried).
    var imagePrefix = ""

    func networkName(_ deployment: ApplicationDeployment) -> String { "\(deployment.id)-net" }
    func cgroupParent(_ deployment: ApplicationDeployment) -> String { TargetContext.cgroupPath(for: deployment.id) }

    /// Loads each of the stack's images the engine does not hold as the layout has it (its id
    /// is not the image's config digest in the layout; checked once per run: `loaded`), then a
    /// deployment in `directory` with its internal network; `remove` undoes a half-made one.
    func deploy(_ stack: ApplicationStack, id: String, directory: String, loaded: LoadedImages,
                load: (String) throws -> Void, remove: (ApplicationDeployment) -> Void) throws -> ApplicationDeployment {
        let layout = OCILayout(directory: stack.imageLayout)
        for image in stack.imageNames {
            let digest = try layout.configDigest(ofRefName: image)
            try loaded.ensure(imagePrefix + image, present: { holds(imagePrefix + image, digest: digest) }) {
                try load(image)
                guard holds(imagePrefix + image, digest: digest) else {
                    throw CoreError(stage: "load \(image)", detail: "the engine's \(imagePrefix + image) is not the layout's image (config \(digest)) after the load")
                }
            }
        }
        let deployment = ApplicationDeployment(id: id, stack: stack, layout: .app, directory: directory,
                                               hostPort: try ApplicationDeployment.freeLoopbackPort())
        do {
            try run(["network", "create", "--internal", networkName(deployment)], stage: "network create")
        } catch {
            remove(deployment)
            throw error
        }
        return deployment
    }

    func start(_ deployment: ApplicationDeployment) throws {
        var hosts: [String] = []
        for container in deployment.stack.containers {
            let name = deployment.containerName(container)
            var arguments = ["run", "-d", "--name", name, "--hostname", container.name, "--network", networkName(deployment)] + runOptions
            arguments += resolvesNamesByDNS ? ["--network-alias", container.name] : hosts.flatMap { ["--add-host", $0] }
            if cgroupParent { arguments += ["--cgroup-parent", "/" + cgroupParent(deployment)] }
            for volume in container.volumes { arguments += ["--volume", "\(deployment.volumeName(volume)):\(volume.path)"] }
            try run(arguments + [imagePrefix + container.image], stage: "run \(container.name)")
            if !resolvesNamesByDNS {
                let address = try run(["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name],
                                      stage: "inspect \(container.name)").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                hosts.append("\(container.name):\(address)")
            }
            if container.publishesPort {
                try deployment.publish(into: try HeldNetworkNamespace(ofProcess: try pid(of: name)))
            }
        }
    }

    func stop(_ deployment: ApplicationDeployment) throws {
        deployment.unpublish()
        for container in deployment.stack.containers.reversed() {
            try run(["stop", "--time", "30", deployment.containerName(container)], stage: "stop \(container.name)")
            try run(["rm", deployment.containerName(container)], stage: "rm \(container.name)")
        }
    }

    func remove(_ deployment: ApplicationDeployment) {
        deployment.unpublish()
        for container in deployment.stack.containers.reversed() {
            _ = try? Spawn(try engine(["rm", "--force", deployment.containerName(container)])).run()
        }
        for volume in deployment.stack.containers.flatMap(\.volumes) {
            _ = try? Spawn(try engine(["volume", "rm", "--force", deployment.volumeName(volume)])).run()
        }
        _ = try? Spawn(try engine(["network", "rm", networkName(deployment)])).run()
        Cgroup.removeAbandoned(path: cgroupParent(deployment))
    }

    func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] {
        deployment.stack.containers.map { container in
            let pid = try? pid(of: deployment.containerName(container))
            return ApplicationContainerState(name: container.name, pid: pid, cgroup: pid.flatMap(ProcessCgroup.memoryPath(of:)))
        }
    }

    func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        deployment.stack.containers.map { container in
            let outcome = try? Spawn(try engine(["logs", "--tail", "\(lines)", deployment.containerName(container)])).run()
            return (container.name, outcome.map { $0.stdout + $0.stderr } ?? "")
        }
    }

    /// The overlay directories of the images (each layer once) and of the containers, and
    /// the volumes' directories.
    func storage(_ deployment: ApplicationDeployment, note: String) -> ApplicationStorage {
        func paths(_ arguments: [String]) -> [String] {
            let text = (try? Spawn(try engine(arguments)).run())?.stdout ?? ""
            return text.split(whereSeparator: { $0 == ":" || $0 == "\n" || $0 == " " }).map(String.init).filter { $0.hasPrefix("/") }
        }
        let images = Array(Set(deployment.stack.containers.map { imagePrefix + $0.image })).sorted()
        let layers = paths(["image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}:{{.GraphDriver.Data.LowerDir}}"] + images)
        let uppers = paths(["inspect", "--format", "{{.GraphDriver.Data.UpperDir}}"] + deployment.stack.containers.map(deployment.containerName))
        let volumes = paths(["volume", "inspect", "--format", "{{.Mountpoint}}"] + deployment.stack.containers.flatMap(\.volumes).map(deployment.volumeName))
        return ApplicationStorage(imagePaths: layers, writablePaths: uppers + volumes, note: note)
    }

    /// Whether the engine's image `name` is the one whose config has `digest`.
    func holds(_ name: String, digest: String) -> Bool {
        guard let id = try? run(["image", "inspect", "--format", "{{.Id}}", name], stage: "").stdout else { return false }
        return Self.sameImage(id: id, configDigest: digest)
    }

    /// An engine's image id is the digest of the image's config: podman prints it bare,
    /// Docker with its `sha256:`.
    static func sameImage(id text: String, configDigest: String) -> Bool {
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return !id.isEmpty && configDigest.hasPrefix("sha256:") && (id == configDigest || "sha256:" + id == configDigest)
    }

    func pid(of container: String) throws -> pid_t {
        let text = try run(["inspect", "--format", "{{.State.Pid}}", container], stage: "inspect \(container)").stdout
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw CoreError(stage: "inspect \(container)", detail: "no running process (State.Pid '\(text.trimmingCharacters(in: .whitespacesAndNewlines))')")
        }
        return pid
    }

    @discardableResult
    func run(_ arguments: [String], stage: String) throws -> SpawnResult {
        try RealTargetSupport.checked(try engine(arguments), stage: stage)
    }
}
