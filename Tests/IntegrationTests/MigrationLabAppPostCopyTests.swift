import Checkpoints
import Glibc
import NamespaceCore
@testable import Scenarios
import Targets
import Testing

/// cbench-app's post-copy between lab hosts, judged as the migration scenario judges a move
/// (`MigrationKind.migrateOnce` on the three lab hosts): the container runs on lab2 while its
/// memory comes from lab1's page server, and the client on lab3 sees the counter go on, the
/// memory's checksum the one the service started with (a page that never came would differ),
/// and the TCP connection opened before the move still echoing, at the lab's address, answered
/// from lab2 only. The stream held all but the memory. Nothing of it is left in either store,
/// nor on the host after the lab (`hostLeakCheck`).
@Suite(.hostLeakCheck, .serialized,
       .enabled(if: LabTestSupport.canRun && RealTargetHost.ready && ProbeLocator.find() != nil, "needs root, sshd, the busybox root and the probe"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct MigrationLabAppPostCopyTests {
    static let megabytes = 64

    @Test func anAppContainerRunsOnAnotherLabHostWhileItsMemoryComesFromTheSource() throws {
        try AppLabMoveSupport.withTarget("migrate-lab-app-pc", strategy: .postCopy) { target, lab, place in
            let id = "cbench-migp-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
            let prepared = try target.prepareOnLab(MigrationSystemTests.workload(megabytes: Self.megabytes), id: id, lab: lab)
            defer { target.cleanupOnLab(prepared, lab: lab) }
            let sample = try MigrationKind.migrateOnce(place, prepared, strategy: .postCopy, tcp: true)
            #expect(sample.tcpSurvived == true)
            #expect(sample.counterAfter >= sample.counterBefore, "\(sample.counterBefore) → \(sample.counterAfter)")
            #expect(sample.run.phases.map(\.name) == ["connect", "dump", "transfer", "restore", "finish source"])
            #expect(sample.run.parts.map(\.name).contains(MigrationPhaseName.lazyPages), "the restore there waited for the last page")
            #expect(sample.run.bytesMoved > 0 && sample.run.bytesMoved < UInt64(Self.megabytes) << 20,
                    "\(sample.run.bytesMoved) bytes streamed: the memory went with them")
            let there = try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", id)
            #expect(there.status == 0 && there.output.contains(lab.containerAddress.address.description), "on lab2 at its address: \(there.output)")
            #expect(try LabTestSupport.inLab("lab1", "cbench", "app", "inspect", id).status != 0, "gone from lab1")
            target.cleanupOnLab(prepared, lab: lab)
            try AppLabMoveSupport.expectNoneLeft("cbench-migp-")
        }
    }
}
