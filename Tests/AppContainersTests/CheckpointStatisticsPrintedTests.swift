import Foundation
import Testing
import Checkpoints
@testable import AppContainers

/// `--print-stats` prints CRIU's statistics as one line of JSON; a harness here or on another
/// host reads them back from the last line of what the command printed.
@Suite struct CheckpointStatisticsPrintedTests {
    @Test func theLastPrintedLineGivesTheStatisticsBack() throws {
        var dump = CheckpointStatistics()
        dump.frozenMicroseconds = 118_600
        dump.pagesWritten = 4_100
        var restore = CheckpointStatistics()
        restore.restoreMicroseconds = 61_250
        let printed = { (statistics: CheckpointStatistics) throws -> String in
            "a line before\n" + String(decoding: try JSONEncoder().encode(statistics), as: UTF8.self) + "\n"
        }
        let readDump = try #require(CheckpointStatistics(printedBy: try printed(dump)))
        let readRestore = try #require(CheckpointStatistics(printedBy: try printed(restore)))
        #expect(readDump == dump && readRestore == restore)
        // What the one-host cell reports, as runc's: the dump's frozen time plus the restore's.
        #expect(CheckpointStatistics.frozenAndRestoreMilliseconds(dump: readDump, restore: readRestore) == 179.85)
    }

    @Test func aNameIsNoStatistics() {
        #expect(CheckpointStatistics(printedBy: "web\n") == nil)
        #expect(CheckpointStatistics(printedBy: "") == nil)
    }
}
