import Checkpoints
import NamespaceCore

/// cbench-app between lab hosts: `cbench app run -d` on the source host's own store, on the
/// lab's overlay network at the lab's container address (`--ip`), then `cbench app migrate NAME
/// --to DESTINATION --json` there (checkpoint, the checkpoint streamed through ssh over the
/// underlay into `cbench app restore --import` on the destination, which announces the
/// address; the source goes last). Each lab host has a store of its own: the image is imported
/// on both in `prepareOnLab`, outside the move.
extension AppCLITarget: LabMigratingTarget {
    public func labMigrationSupport(_ strategy: MigrationStrategy) -> String? {
        if case .unsupported(let reason) = checkpointSupport() { return reason }
        switch strategy {
        case .stopAndCopy:
            return nil
        case .postCopy:
            return "cbench app migrate moves stop-and-copy only: cbench app's checkpoint leaves no lazy page server behind and its restore --import starts no lazy-pages daemon (cbench system's post-copy pieces are not wired into cbench app yet)"
        case .preCopy:
            return MigrationHostCheck().features().unsupportedReason(.preCopy)
                ?? "cbench app migrate moves stop-and-copy only: pre-copy across hosts is not wired"
        }
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
        guard strategy == .stopAndCopy else {
            throw CoreError(kind: .unsupported, stage: "app migrate \(container.id)", detail: labMigrationSupport(strategy) ?? strategy.rawValue)
        }
        guard let destination = lab.destination.labHost else {
            throw CoreError(stage: "app migrate \(container.id)", detail: "the destination \(lab.destination.name) is no lab host")
        }
        let output = try lab.source.checked(try NetworkSite.cbench(["app", "migrate", container.id, "--to", destination, "--json"]
                                                                   + (tcpEstablished ? ["--tcp-established"] : [])),
                                            stage: "app migrate \(container.id) --to \(destination)")
        return try MigrationRun(summaryOutput: output, stage: "app migrate \(container.id)")
    }

    public func cleanupOnLab(_ container: PreparedContainer, lab: MigrationLab) {
        for site in [lab.source, lab.destination] {
            if let remove = try? NetworkSite.cbench(["app", "rm", "-f", container.id]) { _ = try? site.run(remove) }
        }
    }

    public var labMigrationCoverage: String {
        "cbench app migrate --to between two lab hosts (checkpoint, an uncompressed tar stream of the checkpoint and the container's changed files through ssh over the lab underlay into cbench app restore --import there, with a gratuitous ARP, the source removed last); the container keeps its overlay address (--ip); the client runs on a third lab host"
    }
}
