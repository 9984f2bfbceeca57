import AppContainers
import Checkpoints
import NamespaceCore

/// cbench-app between lab hosts: `cbench app run -d` on the source host's own store, on the
/// lab's overlay network at the lab's container address (`--ip`), then `cbench app migrate NAME
/// --to DESTINATION --json` there (checkpoint, the checkpoint streamed through ssh over the
/// underlay into `cbench app restore --import` on the destination, which announces the
/// address; the source goes last; post-copy streams all but memory, which follows from the
/// source's lazy page server). Each lab host has a store of its own: the image is imported on
/// both in `prepareOnLab`, outside the move.
extension AppCLITarget: LabMigratingTarget {
    public func labMigrationSupport(_ strategy: MigrationStrategy) -> String? {
        ownModeLabMigrationSupport(strategy)
    }

    public func prepareOnLab(_ workload: ContainerWorkload, id: String, lab: MigrationLab) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/app-cli-\(id)", cgroupPath: "", workload: workload)
        let image = Self.imageReference(for: workload.rootfs).description
        do {
            for site in [lab.source, lab.destination] {
                try site.checked(try NetworkSite.cbench(["app", "import", workload.rootfs, image]), stage: "app import \(image)")
            }
        } catch {
            cleanupOnLab(prepared, lab: lab)
            throw error
        }
        return prepared
    }

    /// `cbench app run -d` on the source, on the overlay at the lab's address (its MAC is the
    /// one CRIU restores with the interface, and the restore announces it).
    func labRunArguments(_ container: PreparedContainer, lab: MigrationLab) -> [String] {
        var arguments = runArguments(container, detached: true)
        arguments.insert(contentsOf: ["--network", MigrationLab.networkName, "--ip", lab.containerAddress.address.description], at: 2)
        return arguments
    }

    public func startOnLab(_ container: PreparedContainer, lab: MigrationLab) throws -> ContainerRun {
        let create = try RealTargetSupport.timed("create") {
            try lab.source.checked(try NetworkSite.cbench(["app"] + labRunArguments(container, lab: lab)), stage: "app run -d \(container.id)")
        }
        return ContainerRun(phases: [create])
    }

    public func migrateOnLab(_ container: PreparedContainer, lab: MigrationLab, strategy: MigrationStrategy,
                             tcpEstablished: Bool) throws -> MigrationRun {
        guard let destination = lab.destination.labHost else {
            throw CoreError(stage: "app migrate \(container.id)", detail: "the destination \(lab.destination.name) is no lab host")
        }
        let arguments = Self.labMigrateArguments(container.id, to: destination, strategy: strategy, tcpEstablished: tcpEstablished)
        let output = try lab.source.checked(try NetworkSite.cbench(arguments), stage: "app migrate \(container.id) --to \(destination)")
        return try MigrationRun(summaryOutput: output, stage: "app migrate \(container.id)")
    }

    /// `cbench app migrate`'s arguments for one lab move.
    static func labMigrateArguments(_ id: String, to destination: String, strategy: MigrationStrategy, tcpEstablished: Bool) -> [String] {
        ["app", "migrate", id, "--to", destination, "--strategy", strategy.rawValue, "--json"] + (tcpEstablished ? ["--tcp-established"] : [])
    }

    public func cleanupOnLab(_ container: PreparedContainer, lab: MigrationLab) {
        for site in [lab.source, lab.destination] {
            if let remove = try? NetworkSite.cbench(["app", "rm", "-f", container.id]) { _ = try? site.run(remove) }
        }
    }

    public var labMigrationCoverage: String {
        "cbench app migrate --to between two lab hosts (checkpoint, an uncompressed tar stream of the checkpoint and the container's changed files through ssh over the lab underlay into cbench app restore --import there, with a gratuitous ARP, the source removed last; post-copy: all but memory in the stream, the pages from the source's lazy page server over the underlay; pre-copy: pre-dumps while it runs, each sending its pages to a page server there, before the stop-and-copy); the container keeps its overlay address (--ip); the client runs on a third lab host"
    }
}
