import Foundation
import Glibc
import AppContainers
import NamespaceCore

/// `cbench app checkpoint` / `restore` through the command line, as podman's: the images stay
/// in the app store with the container (podman keeps them in its storage too), so
/// `directory` is not used.
extension AppCLITarget: CheckpointingTarget {
    public func checkpointSupport() -> CheckpointSupport {
        guard let criu = CheckpointSupport.findCRIU(environment: ProcessInfo.processInfo.environment) else {
            return .unsupported(reason: "cbench app checkpoints through CRIU and criu is not installed (Scripts/setup provisions criu 4)")
        }
        return .supported(criu: criu)
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        try RealTargetSupport.timed("checkpoint") { try appCommand(["checkpoint", container.id], container) }
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        try RealTargetSupport.timed("restore") { try appCommand(["restore", container.id], container) }
    }

    /// Runs `cbench app ARGUMENTS` in this run's store; what it printed. A non-zero exit names
    /// the command.
    @discardableResult
    func appCommand(_ arguments: [String], _ container: PreparedContainer) throws -> String {
        let outcome = try command(arguments).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "\(name) \(arguments.joined(separator: " "))",
                            detail: "exit \(outcome.status): \((outcome.stderr + outcome.stdout).firstLine())")
        }
        return outcome.stdout
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        let store = AppStore(root: storeRoot, runRoot: runRoot)
        guard let live = store.loadRunState(of: try store.resolve(container.id)), live.isAlive else {
            throw CoreError(stage: "\(name) pid of \(container.id)", detail: "the container is not running")
        }
        return live.pid
    }
}
