import Foundation
import Results
import Testing
@testable import Scenarios

/// "Snapshots and clones" from the counts the original, its clone and the original again printed.
struct SnapshotCloneRowTests {
    let row = SnapshotCloneRow()

    @Test func aCloneWithTheOriginalsRootAndItsOwnChangesIsSupported() {
        let cell = row.judge(target: "lxc", means: "lxc-copy -s", first: "cbench-persisted 1", clone: "cbench-persisted 2",
                             originalAgain: "cbench-persisted 2")
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "snapshots and clones")
        #expect(cell.evidence.contains("clone of the stopped original: cbench-persisted 2"))
    }

    /// The check fails when the clone is no copy: its change shows in the original.
    @Test func aChangeThatShowsInTheOriginalIsNotSupported() {
        let cell = row.judge(target: "x", means: "m", first: "cbench-persisted 1", clone: "cbench-persisted 2", originalAgain: "cbench-persisted 3")
        #expect(cell.outcome == .notSupported)
        #expect(cell.detail?.contains("share one root") == true)
    }

    @Test func aCloneWithoutTheOriginalsRootIsPartial() {
        let cell = row.judge(target: "x", means: "m", first: "cbench-persisted 1", clone: "cbench-persisted 1", originalAgain: "cbench-persisted 2")
        #expect(cell.outcome == .partial)
    }

    @Test func aRunWithoutACountFailsToMeasure() {
        let cell = row.judge(target: "x", means: "m", first: "cbench-persisted 1", clone: "sh: not found", originalAgain: "cbench-persisted 2")
        #expect(cell.outcome == .failed)
        #expect(cell.detail == "a run printed no count: sh: not found")
    }
}
