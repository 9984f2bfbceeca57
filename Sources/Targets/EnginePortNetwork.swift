import Glibc
import NamespaceCore

/// Docker's way to publish a port here: an internal network of the container's own
/// (`network create --internal`, the only kind this host's rules allow it), named in the
/// bundle so that cleanup finds it, and the container's detached `run` on it; and the
/// engines' own account of a container's published ports (`port`).
enum EnginePortNetwork {
    static func name(_ container: PreparedContainer) -> String { "\(container.id)-ports" }
    static func marker(_ container: PreparedContainer) -> String { "\(container.bundle)/ports-network" }

    /// Makes the network with `engine` (the engine's command line for arguments), then runs
    /// `run` (the container's detached run command) on it.
    static func start(_ container: PreparedContainer, named engineName: String, engine: ([String]) -> [String], run: [String]) throws {
        try FileIO.write(marker(container), Array(name(container).utf8))
        try RealTargetSupport.checked(engine(["network", "create", "--internal", name(container)]),
                                      stage: "\(engineName) network create --internal \(name(container))")
        let outcome = try Spawn(DockerStyleArguments.on(network: name(container), run),
                                stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(engineName) run --detach --publish \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
        }
    }

    /// `ENGINE port ID` and what it printed: the engine's own account of the published ports.
    static func account(_ container: PreparedContainer, named engineName: String, engine: ([String]) -> [String]) -> String? {
        guard let outcome = try? Spawn(engine(["port", container.id])).run() else { return nil }
        return "$ \(engineName) port \(container.id)\n" + (outcome.stdout + outcome.stderr).trimmingWhitespace()
    }

    /// Removes the network `start` made, if it did.
    static func remove(_ container: PreparedContainer, engine: ([String]) -> [String]) {
        guard access(marker(container), F_OK) == 0 else { return }
        _ = try? Spawn(engine(["network", "rm", name(container)])).run()
    }
}
