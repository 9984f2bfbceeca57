import AppContainers
import Glibc
import NamespaceCore
import OCIImages

/// The app layout on `cbench app`'s command line, as a user runs it: the stack's OCI layout
/// loaded into the run's store once (unless it holds the layout's manifests already), a network, and per container `cbench app run -d` (a
/// supervisor each, the web container's also serving the published port); containers are
/// named as the stack names them, which is how they find each other (/etc/hosts).
extension AppCLITarget: ApplicationTarget {
    public var applicationLayout: ApplicationLayout { .app }
    public var applicationCoverage: String {
        "`cbench app run -d` per container on a `cbench app network`, each with its supervisor (counted as a helper; the web container's also forwards the published port)"
    }

    public func deploy(_ stack: ApplicationStack, id: String) throws -> ApplicationDeployment {
        let deployment = ApplicationDeployment(id: id, stack: stack, layout: .app, directory: "\(context.workDirectory)/app-cli-\(id)",
                                               hostPort: try ApplicationDeployment.freeLoopbackPort())
        try FileIO.makeDirectories(deployment.directory, mode: 0o700)
        do {
            // Loaded unless the run's store holds each image as the layout has it (same manifest).
            let images = ImageStore(root: storeRoot)
            let layout = OCILayout(directory: stack.imageLayout)
            let held = try stack.imageNames.allSatisfy { name in
                (try? images.resolve(name))?.manifestDigest == (try layout.manifestDigest(ofRefName: name))
            }
            if !held {
                try checked(["load", stack.imageLayout], stage: "cbench app load \(stack.imageLayout)")
            }
            try checked(["network", "create", networkName(deployment)], stage: "cbench app network create")
        } catch {
            remove(deployment)
            throw error
        }
        return deployment
    }

    public func start(_ deployment: ApplicationDeployment) throws {
        for container in deployment.stack.containers {
            var arguments = ["run", "-d", "--name", container.name, "--network", networkName(deployment)]
            for volume in container.volumes { arguments += ["-v", "\(deployment.volumeName(volume)):\(volume.path)"] }
            if container.publishesPort { arguments += ["-p", "127.0.0.1:\(deployment.hostPort):\(deployment.stack.port)"] }
            try checked(arguments + [container.image], stage: "cbench app run \(container.name)")
        }
    }

    public func stop(_ deployment: ApplicationDeployment) throws {
        for container in deployment.stack.containers.reversed() {
            try checked(["stop", "-t", "30", container.name], stage: "cbench app stop \(container.name)")
            try checked(["rm", container.name], stage: "cbench app rm \(container.name)")
        }
    }

    public func remove(_ deployment: ApplicationDeployment) {
        for container in deployment.stack.containers.reversed() {
            _ = try? command(["rm", "-f", container.name]).run()
        }
        for volume in deployment.stack.containers.flatMap(\.volumes) {
            _ = try? command(["volume", "rm", deployment.volumeName(volume)]).run()
        }
        _ = try? command(["network", "rm", networkName(deployment)]).run()
        try? FileIO.removeTree(deployment.directory)
        ProjectDirectories.removeIfEmpty([runRoot])
    }

    public func containers(_ deployment: ApplicationDeployment) -> [ApplicationContainerState] {
        let store = AppStore(root: storeRoot, runRoot: runRoot)
        return deployment.stack.containers.map { container in
            let state = (try? store.resolve(container.name)).flatMap { store.loadRunState(of: $0) }
            return ApplicationContainerState(name: container.name, pid: state?.pid, cgroup: state?.cgroupPath)
        }
    }

    public func logTails(_ deployment: ApplicationDeployment, lines: Int) -> [(container: String, text: String)] {
        deployment.stack.containers.map { container in
            let output = (try? command(["logs", container.name]).run()).map { $0.stdout + $0.stderr } ?? ""
            return (container.name, output.split(separator: "\n").suffix(lines).joined(separator: "\n"))
        }
    }

    public func storage(_ deployment: ApplicationDeployment) -> ApplicationStorage {
        let images = ImageStore(root: storeRoot)
        let store = AppStore(root: storeRoot, runRoot: runRoot)
        let layers = deployment.stack.containers.flatMap { (try? images.resolve($0.image))?.layerDirectories ?? [] }
        let uppers = deployment.stack.containers.compactMap { (try? store.resolve($0.name)).map(store.upperDirectory(of:)) }
        let volumes = deployment.stack.containers.flatMap(\.volumes).map { "\(storeRoot)/volumes/\(deployment.volumeName($0))/_data" }
        return ApplicationStorage(imagePaths: layers, writablePaths: uppers + volumes,
                                  note: "cbench app store: each layer unpacked once by its diff ID and shared by the images; containers' upper directories and named volumes")
    }

    /// One network per deployment.
    func networkName(_ deployment: ApplicationDeployment) -> String { "app-\(deployment.id.suffix(12))" }

    @discardableResult
    private func checked(_ arguments: [String], stage: String) throws -> SpawnResult {
        let outcome = try command(arguments).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: stage, detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
        }
        return outcome
    }
}
