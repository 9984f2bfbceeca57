import Checkpoints
import Foundation
import NamespaceCore
import SystemContainers

/// cbench-system between lab hosts: `cbench system create/start` in the source host's own
/// store, then `cbench system migrate NAME --to DESTINATION --json --strategy S` there (dump,
/// one uncompressed tar stream with the checkpoint through ssh over the underlay, import and
/// restore on the destination, which announces the address; the source goes last). Post-copy
/// streams everything but memory and restores at once; the memory follows from the source's
/// lazy page server. Pre-copy sends each pre-dump's pages to a page server there while the
/// container runs, then stops and copies what changed since; a kernel without soft-dirty
/// tracking refuses it, and the cell says the kernel's reason.
extension SystemContainerTarget: LabMigratingTarget {
    public func labMigrationSupport(_ strategy: MigrationStrategy) -> String? {
        ownModeLabMigrationSupport(strategy)
    }

    func labConfigPath(_ container: PreparedContainer) -> String { "/tmp/cbench-migration-\(container.id).conf" }

    public func prepareOnLab(_ workload: ContainerWorkload, id: String, lab: MigrationLab) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)", cgroupPath: "", workload: workload)
        let mac = "02:cb:" + lab.containerAddress.address.bytes.map { String(format: "%02x", $0) }.joined(separator: ":")
        // No user namespace, as runc's container beside it has none: CRIU's userfaultfd of a
        // post-copy restore is refused inside one here (vm.unprivileged_userfaultfd = 0), and
        // every strategy moves the same container.
        let lines = LXCTarget.mountLines(workload) + ["lxc.idmap ="] + (try lab.lxcLines(on: lab.source, mac: mac))
        do {
            try lab.source.write(lines.joined(separator: "\n") + "\n", to: labConfigPath(prepared))
            try lab.source.checked(try NetworkSite.cbench(["system", "create", id, "--template", "busybox", "--config", labConfigPath(prepared)]),
                                   stage: "system create \(id)")
        } catch {
            cleanupOnLab(prepared, lab: lab)
            throw error
        }
        return prepared
    }

    public func startOnLab(_ container: PreparedContainer, lab: MigrationLab) throws -> ContainerRun {
        let start = try timed("create") {
            try lab.source.checked(try NetworkSite.cbench(["system", "start", container.id]), stage: "system start \(container.id)")
        }
        let script = container.workload.args.map(Self.quoted).joined(separator: " ")
        let attach = try timed("attach") {
            // Its own session inside the container, on /dev/null, as a checkpointable workload is.
            try lab.source.checked(try NetworkSite.cbench(["system", "attach", container.id, "--", "/bin/sh", "-c",
                                                           "setsid /bin/sh -c \(Self.quoted(script)) </dev/null >/dev/null 2>&1 &"]),
                                   stage: "system attach \(container.id)")
        }
        return ContainerRun(phases: [start, attach])
    }

    public func migrateOnLab(_ container: PreparedContainer, lab: MigrationLab, strategy: MigrationStrategy,
                             tcpEstablished: Bool) throws -> MigrationRun {
        guard let destination = lab.destination.labHost else {
            throw CoreError(stage: "migrate \(container.id)", detail: "the destination \(lab.destination.name) is no lab host")
        }
        let output = try lab.source.checked(try NetworkSite.cbench(["system", "migrate", container.id, "--to", destination, "--json",
                                                                    "--strategy", strategy.rawValue] + (tcpEstablished ? ["--tcp-established"] : [])),
                                            stage: "system migrate \(container.id) --to \(destination)")
        return try MigrationRun(summaryOutput: output, stage: "system migrate \(container.id)")
    }

    public func cleanupOnLab(_ container: PreparedContainer, lab: MigrationLab) {
        for site in [lab.source, lab.destination] {
            if let destroy = try? NetworkSite.cbench(["system", "destroy", "--force", container.id]) { _ = try? site.run(destroy) }
        }
        _ = try? lab.source.run(["rm", "-f", labConfigPath(container)])
    }

    public var labMigrationCoverage: String {
        "cbench system migrate --to between two lab hosts (dump, an uncompressed tar stream with the checkpoint through ssh over the lab underlay, import and restore there with a gratuitous ARP, the source destroyed last; post-copy: memory from the source's lazy page server after the restore; pre-copy: pre-dumps while it runs, each sending its pages to a page server there, before the stop-and-copy); the container keeps its overlay address; the client runs on a third lab host"
    }
}
