import Checkpoints
import NamespaceCore

/// `cbench app` "migrates" as podman does on one host: checkpoint, then restore (the images stay
/// in the app store), on a bridge network of its own whose first address is the container's,
/// so the client on the host reaches it before and after.
extension AppCLITarget: MigratingTarget {
    public func migrationSupport(_ strategy: MigrationStrategy) -> String? {
        if case .unsupported(let reason) = checkpointSupport() { return reason }
        guard strategy == .stopAndCopy else {
            return "cbench app checkpoints and restores on one host: stop-and-copy only (no lazy or iterative restore)"
        }
        return nil
    }

    func migrationNetworkName(_ container: PreparedContainer) -> String { "mig-\(container.id)" }

    public func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer {
        let prepared = try prepare(workload, id: id)
        let octets = network.host.split(separator: ".")
        guard octets.count == 4 else {
            cleanup(prepared)
            throw CoreError(stage: "\(name) migration network", detail: "'\(network.address)' is not an IPv4 address")
        }
        // The container takes the subnet's first free address, the one after the gateway.
        let subnet = octets.prefix(3).joined(separator: ".") + ".0/24"
        let made = try command(["network", "create", "--subnet", subnet, migrationNetworkName(prepared)]).run()
        guard made.status == 0 else {
            cleanup(prepared)
            throw CoreError(stage: "\(name) network create \(subnet)", detail: "exit \(made.status): \(made.stderr.firstLine())")
        }
        return prepared
    }

    public func startMigratable(_ container: PreparedContainer) throws -> ContainerRun {
        var arguments = runArguments(container, detached: true)
        arguments.insert(contentsOf: ["--network", migrationNetworkName(container)], at: 1)
        let create = try RealTargetSupport.timed("create") {
            let outcome = try command(arguments, stdout: .file(container.stdoutPath), stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) run -d \(container.id)", detail: "exit \(outcome.status): \(outcome.stderr.firstLine())")
            }
        }
        return ContainerRun(phases: [create])
    }

    public func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        let tcp = tcpEstablished ? ["--tcp-established"] : []
        let dump = try RealTargetSupport.timed("dump") { try appCommand(["checkpoint"] + tcp + [container.id], container) }
        let restore = try RealTargetSupport.timed("restore") { try appCommand(["restore"] + tcp + [container.id], container) }
        return MigrationRun(phases: [dump, restore], bytesMoved: 0, frozenMilliseconds: nil)
    }

    func removeMigrationNetwork(_ container: PreparedContainer) {
        _ = try? command(["network", "rm", migrationNetworkName(container)]).run()
    }
}
