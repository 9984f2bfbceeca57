import Checkpoints
import Results
import Targets
import Testing
@testable import Scenarios

/// The row "live migration" from a migration scenario's moves: a move between lab hosts
/// decides it; checkpoint and restore on one host only is partial; a failed move fails it.
struct MigrationFeatureLogTests {
    static func sample(downtime: Double = 152, tcp: Bool? = true) -> MigrationSample {
        MigrationSample(downtimeMilliseconds: downtime, run: MigrationRun(phases: [], bytesMoved: 0, frozenMilliseconds: nil), lost: 3,
                        counterBefore: 10, counterAfter: 12, tcpSurvived: tcp, gapStart: 0, gapEnd: 0)
    }

    static func cell(_ target: String, _ hosts: MigrationHosts) -> MigrationCellTable.Cell {
        MigrationCellTable.Cell(target: target, strategy: .stopAndCopy, hosts: hosts, megabytes: 16)
    }

    @Test func aMoveBetweenLabHostsIsSupportedWithWhatTheClientSaw() throws {
        var log = MigrationFeatureLog()
        log.migrated(Self.cell("cbench-app", .one), Self.sample(downtime: 461))
        log.migrated(Self.cell("cbench-app", .lab), Self.sample())
        let cell = try #require(log.feature("cbench-app", coverage: "cbench app migrate --to"))
        #expect(cell.outcome == .supported && cell.feature == "live migration")
        #expect(cell.evidence.hasPrefix("moved from one lab host to another (stop-and-copy, 16 MB touched): client-seen downtime 152 ms; counter 10 → 12; memory checksum intact; its TCP connection survived\n"))
        #expect(cell.evidence.contains("checkpoint and restore on one host (stop-and-copy, 16 MB touched): client-seen downtime 461 ms"))
        #expect(cell.evidence.hasSuffix("how: cbench app migrate --to"))
    }

    @Test func checkpointAndRestoreOnOneHostOnlyIsPartialWithTheReason() throws {
        var log = MigrationFeatureLog()
        log.refused("runc", hosts: .lab, strategy: .stopAndCopy, reason: "runc has no move to another host")
        log.migrated(Self.cell("runc", .one), Self.sample(tcp: nil))
        let cell = try #require(log.feature("runc", coverage: nil))
        #expect(cell.outcome == .partial)
        #expect(cell.detail == "checkpoint and restore on one host only: runc has no move to another host")
        #expect(!cell.evidence.contains("TCP"), "no connection was held: nothing said about one")
        #expect(cell.evidence.contains("moved from one lab host to another (stop-and-copy): not done: runc has no move to another host"))
    }

    @Test func aFailedMoveFailsTheCellThoughTheOneHostRestoreWorked() throws {
        var log = MigrationFeatureLog()
        log.migrated(Self.cell("cbench-system", .one), Self.sample())
        log.failed("cbench-system", hosts: .lab, strategy: .stopAndCopy, stage: "state check", error: "the TCP connection did not survive\nmore")
        let cell = try #require(log.feature("cbench-system", coverage: nil))
        #expect(cell.outcome == .failed)
        #expect(cell.detail == "moved from one lab host to another (stop-and-copy) failed at state check: the TCP connection did not survive")
    }

    @Test func aTargetThatCannotCheckpointIsNotSupportedForThatReason() throws {
        var log = MigrationFeatureLog()
        log.refused("crun", hosts: .one, strategy: .stopAndCopy, reason: "crun was built without CRIU")
        log.refused("crun", hosts: .lab, strategy: .stopAndCopy, reason: "crun has no move to another host")
        let cell = try #require(log.feature("crun", coverage: nil))
        #expect(cell.outcome == .notSupported && cell.detail == "crun was built without CRIU")
        #expect(log.feature("runc", coverage: nil) == nil, "nothing tried, no cell")
    }
}
