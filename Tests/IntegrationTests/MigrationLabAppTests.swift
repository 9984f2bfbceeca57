import Checkpoints
import Glibc
import NamespaceCore
@testable import Scenarios
import Targets
import Testing

/// cbench-app between lab hosts, judged as the migration scenario judges a move (its own
/// `MigrationKind.migrateOnce` on its three lab hosts): the client on lab3 sees the counter
/// go on from where it was, the memory's checksum is the one the service started with, and
/// the TCP connection opened before the move (`--tcp-established`) still echoes, all at the
/// lab's address, answered from lab2 once the container runs there only; its pages went to
/// lab2's page server during the dump and lab2 restored them lazily. Nothing of it is
/// left in either store after its clean-up, nor on the host after the lab (`hostLeakCheck`).
@Suite(.hostLeakCheck, .serialized,
       .enabled(if: LabTestSupport.canRun && RealTargetHost.ready && ProbeLocator.find() != nil, "needs root, sshd, the busybox root and the probe"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct MigrationLabAppTests {
    static let moves = 2
    static let megabytes = 16

    @Test func anAppContainerMovesToAnotherLabHostKeepingCounterMemoryConnectionAndAddress() throws {
        try AppLabMoveSupport.withTarget("migrate-lab-app", strategy: .stopAndCopy) { target, lab, place in
            try Self.move(target, lab, place)
        }
    }

    static func move(_ target: AppCLITarget, _ lab: MigrationLab, _ place: MigrationPlaceOnLab) throws {
        for move in 1...Self.moves {
            let id = "cbench-miga-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
            let prepared = try target.prepareOnLab(MigrationSystemTests.workload(megabytes: Self.megabytes), id: id, lab: lab)
            defer { target.cleanupOnLab(prepared, lab: lab) }
            do {
                let sample = try MigrationKind.migrateOnce(place, prepared, strategy: .stopAndCopy, tcp: true)
                #expect(sample.tcpSurvived == true, "move \(move)")
                #expect(sample.counterAfter >= sample.counterBefore, "move \(move): \(sample.counterBefore) → \(sample.counterAfter)")
                #expect(sample.run.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"], "move \(move)")
                #expect(sample.run.bytesMoved > UInt64(Self.megabytes) << 20, "move \(move): the pages sent hold the memory the service filled")
                // The pages went to lab2's page server during the dump, and lab2's restore read them back lazily.
                #expect(sample.run.parts.map(\.name).contains(MigrationPhaseName.lazyPages), "move \(move): the restore there waited for the last page")
            } catch {
                Issue.record("move \(move): \(error)")
                continue
            }
            let there = try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", id)
            #expect(there.status == 0 && there.output.contains(lab.containerAddress.address.description), "move \(move): on lab2 at its address: \(there.output)")
            #expect(try LabTestSupport.inLab("lab1", "cbench", "app", "inspect", id).status != 0, "move \(move): gone from lab1")
        }
        // The lab comes down after this; before, neither store keeps a moved container.
        try AppLabMoveSupport.expectNoneLeft("cbench-miga-")
    }
}
