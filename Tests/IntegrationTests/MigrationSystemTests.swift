import Checkpoints
import Foundation
import Glibc
import NamespaceCore
@testable import Scenarios
import SystemContainers
import Targets
import Testing

/// `cbench system` migrating between two state roots on this host while a client talks to the
/// service inside: its counter, memory and TCP connection survive; a migration whose restore
/// fails rolls back and the source answers again.
@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.ready && ProbeLocator.find() != nil, "needs root, the busybox root and the probe"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4.2)"))
struct MigrationSystemTests {
    static func workload(megabytes: Int) -> ContainerWorkload {
        ContainerWorkload(args: ["/cbench-probe", "--serve", String(MigrationKind.port), "--touch", String(megabytes)],
                          rootfs: RealTargetHost.rootfs, probe: ProbeLocator.find())
    }

    @Test func aStopAndCopyMigrationKeepsCounterMemoryAndTCPConnection() throws {
        let context = try RealTargetTests.makeContext("migrate")
        defer { RealTargetTests.removeContext(context) }
        let target = SystemContainerTarget(context: context)
        let id = "cbench-mig-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let prepared = try target.prepareMigratable(Self.workload(megabytes: 16), id: id, network: MigrationKind.network)
        defer { target.cleanup(prepared) }
        let sample = try MigrationKind.migrateOnce(MigrationPlaceOnHost(target: target), prepared, strategy: .stopAndCopy, tcp: true)
        #expect(sample.tcpSurvived == true)
        #expect(sample.counterAfter >= sample.counterBefore)
        #expect(sample.run.bytesMoved > 16_000_000, "the images hold the 16 MB the service filled")
        #expect(sample.run.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"])
        #expect(sample.run.stepMilliseconds.keys.contains(.networkSwitch), "the restore reported its announce as a part")
        target.cleanup(prepared)
        #expect(RealTargetTests.leftovers(context, ids: [id], paths: ["\(context.workDirectory)/system-\(id)"]) == [])
    }

    /// Copies the images, then cuts the pages image short: the destination cannot restore.
    struct TruncatingTransfer: ImageTransfer {
        func transfer(from sourceDirectory: String, to destinationDirectory: String) throws(CheckpointError) -> UInt64 {
            let moved = try LocalImageTransfer().transfer(from: sourceDirectory, to: destinationDirectory)
            for name in (try? FileIO.names(in: destinationDirectory)) ?? [] where name.hasPrefix("pages-") {
                truncate("\(destinationDirectory)/\(name)", 4096)
            }
            return moved
        }
    }

    /// Copies nothing: the destination is unreachable at the transfer.
    struct FailingTransfer: ImageTransfer {
        func transfer(from sourceDirectory: String, to destinationDirectory: String) throws(CheckpointError) -> UInt64 {
            throw CheckpointError(stage: "transfer to \(destinationDirectory)", errno: ENETUNREACH)
        }
    }

    @Test func aFailedRestoreRollsBackAndTheSourceAnswersAgain() throws {
        try Self.failedMigration("migrate-fail", transfer: TruncatingTransfer(), failingStage: "restore")
    }

    @Test func aFailedTransferRollsBackAndTheSourceAnswersAgain() throws {
        try Self.failedMigration("migrate-xfer", transfer: FailingTransfer(), failingStage: "transfer")
    }

    /// An open TCP connection without --tcp-established: CRIU refuses the dump, and the source
    /// never stopped running.
    @Test func aFailedDumpLeavesTheSourceRunning() throws {
        try Self.failedMigration("migrate-dump", transfer: LocalImageTransfer(), failingStage: "dump", holdConnection: true)
    }

    /// Migrates a fresh container whose migration fails at `failingStage`; the report says so,
    /// nothing is left at the destination, the source answers again with its memory intact and
    /// its counter on.
    static func failedMigration(_ label: String, transfer: some ImageTransfer, failingStage: String,
                                holdConnection: Bool = false) throws {
        let context = try RealTargetTests.makeContext(label)
        defer { RealTargetTests.removeContext(context) }
        let source = SystemRuntime(store: SystemStore(root: "\(context.workDirectory)/a", runRoot: "\(context.stateRoot)/a"))
        let destination = SystemRuntime(store: SystemStore(root: "\(context.workDirectory)/b", runRoot: "\(context.stateRoot)/b"))
        let name = "cbench-migf-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let extra = "\(context.workDirectory)/extra.conf"
        let network = MigrationKind.network
        let probe = try #require(ProbeLocator.find())
        try FileIO.write(extra, Array("""
            lxc.mount.entry = \(probe) cbench-probe none bind,ro,create=file 0 0
            lxc.net.0.type = veth
            lxc.net.0.link = \(network.bridge)
            lxc.net.0.flags = up
            lxc.net.0.ipv4.address = \(network.address)

            """.utf8))
        try source.store.create(name: name, template: .busybox, extraConfig: extra)
        defer {
            for runtime in [source, destination] where runtime.store.exists(name) { try? runtime.destroy(name: name, force: true) }
            ProjectDirectories.removeIfEmpty([source.store.runRoot, destination.store.runRoot, context.stateRoot, ProjectDirectories.runtime])
        }
        _ = try source.start(name: name)
        let serve = "setsid /cbench-probe --serve \(MigrationKind.port) --touch 4 </dev/null >/dev/null 2>&1 &"
        #expect(try source.attach(name: name, command: ["/bin/sh", "-c", serve]) == .exited(0))
        let client = try DowntimeClient(address: network.host, port: MigrationKind.port)
        try #require(client.waitForService(seconds: 30), "the service never answered")
        let before = try #require(try ServiceStateCheck.memorySum(address: network.host, port: MigrationKind.port))
        let connection = holdConnection ? try ServiceStateCheck.Connection(address: network.host, port: MigrationKind.port) : nil

        let report = try source.migrate(name: name, to: destination, strategy: .stopAndCopy,
                                        features: MigrationHostCheck().features(), transfer: transfer)
        guard case .failed(let stage, let reason, let where_) = report.outcome else {
            Issue.record("the migration succeeded although its \(failingStage) was made to fail")
            return
        }
        #expect(stage == failingStage, "\(reason)")
        #expect(where_ == .running)
        if failingStage != "dump" { #expect(report.steps.last == .rollback(lazy: false)) }
        #expect(!destination.store.exists(name), "nothing of it is left at the destination")
        #expect(source.store.runningState(of: name) != nil)
        #expect(client.waitForService(seconds: 10), "the source does not answer after the failed \(failingStage)")
        let after = try #require(try ServiceStateCheck.memorySum(address: network.host, port: MigrationKind.port))
        #expect(after.initial == before.initial && after.intact)
        #expect(after.counter > before.counter)
        if let connection { #expect(connection.survived(), "the connection held across the failed dump") }
    }
}
