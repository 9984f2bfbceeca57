import Checkpoints
import Glibc
import NamespaceCore
@testable import Scenarios
import SystemContainers
import Targets
import Testing

/// Moves between lab hosts judged as the migration scenario judges them, by its own code
/// (`MigrationKind.migrateOnce` on the scenario's three lab hosts): the client on lab3 sends a
/// datagram every millisecond across the whole move and no reply's counter may be below one
/// before it (the service never answers from an older count), the memory's checksum is the
/// one it started with, and the TCP connection opened before the move still echoes. Each
/// strategy moves several times, alternated: last session a restore change lost the counter in
/// 14 of 32 scenario moves while every single-move test here passed.
@Suite(.hostLeakCheck, .serialized,
       .enabled(if: LabTestSupport.canRun && RealTargetHost.ready && ProbeLocator.find() != nil, "needs root, sshd, the busybox root and the probe"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct MigrationLabStateTests {
    static let movesPerStrategy = 3
    static let megabytes = 64

    @Test func everyMoveBetweenLabHostsKeepsCounterMemoryAndConnection() throws {
        let context = try RealTargetTests.makeContext("migrate-lab")
        defer { RealTargetTests.removeContext(context) }
        let target = SystemContainerTarget(context: context)
        let strategies: [MigrationStrategy] = [.stopAndCopy, .postCopy]
        for strategy in strategies {
            try #require(target.labMigrationSupport(strategy) == nil, "\(strategy.rawValue): \(target.labMigrationSupport(strategy) ?? "")")
        }
        let hosts = try MigrationLabHosts.up()
        defer { #expect(hosts.down() == [], "the lab and its overlay came down") }
        let place = MigrationPlaceOnLab(target: target, lab: hosts.lab)
        for round in 1...Self.movesPerStrategy {
            for strategy in strategies {
                let label = "\(strategy.rawValue), move \(round)"
                let id = "cbench-migs-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
                let prepared = try target.prepareOnLab(MigrationSystemTests.workload(megabytes: Self.megabytes), id: id, lab: hosts.lab)
                defer { target.cleanupOnLab(prepared, lab: hosts.lab) }
                // migrateOnce throws when a state check fails: a counter below an earlier
                // reply's (with who answered it), a changed checksum, a connection lost.
                do {
                    let sample = try MigrationKind.migrateOnce(place, prepared, strategy: strategy, tcp: true)
                    #expect(sample.tcpSurvived == true, "\(label)")
                    #expect(sample.counterAfter >= sample.counterBefore, "\(label): \(sample.counterBefore) → \(sample.counterAfter)")
                    #expect(sample.run.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"], "\(label)")
                } catch {
                    Issue.record("\(label): \(error)")
                }
            }
        }
    }
}
