import AppContainers
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
        // The container takes the subnet's first free address, the one after the gateway.
        let subnet = try network.subnet(stage: "\(name) migration network")
        let prepared = try prepare(workload, id: id)
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
        let flags = ["--print-stats"] + (tcpEstablished ? ["--tcp-established"] : [])
        var printed = (dump: "", restore: "")
        let dump = try RealTargetSupport.timed("dump") { printed.dump = try appCommand(["checkpoint"] + flags + [container.id], container) }
        let restore = try RealTargetSupport.timed("restore") { printed.restore = try appCommand(["restore"] + flags + [container.id], container) }
        // CRIU's frozen time plus its restore time, as runc's (read from its images) and a lab move's.
        let statistics = (dump: CheckpointStatistics(printedBy: printed.dump), restore: CheckpointStatistics(printedBy: printed.restore))
        let frozen = statistics.dump.flatMap { CheckpointStatistics.frozenAndRestoreMilliseconds(dump: $0, restore: statistics.restore ?? CheckpointStatistics()) }
        return MigrationRun(phases: [dump, restore], bytesMoved: 0, frozenMilliseconds: frozen, pagesWritten: statistics.dump?.pagesWritten)
    }

    public var migrationCoverage: String {
        "cbench app checkpoint + cbench app restore on this host (CRIU through cbench, the container back under the store's monitor), freeze to resumed replies; the container's app network keeps its address"
    }

    func removeMigrationNetwork(_ container: PreparedContainer) {
        _ = try? command(["network", "rm", migrationNetworkName(container)]).run()
    }
}
