import Foundation
import Results
import Targets
import Testing
@testable import Scenarios

/// "Persistent root" from what two runs of one container printed.
struct PersistentRootRowTests {
    let row = PersistentRootRow()

    @Test func aCountThatGoesOnAfterStopAndStartIsSupported() {
        let cell = row.judge(target: "lxc", means: "lxc-execute twice", first: "cbench-persisted 1", second: .success("cbench-persisted 2"))
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "persistent root")
        #expect(cell.evidence.contains("how: lxc-execute twice\n"))
        #expect(cell.evidence.contains("second run of the same container: cbench-persisted 2"))
    }

    /// The check fails when the root is not kept: the second run starts from an empty root.
    @Test func aRootThatLostTheFileIsNotSupported() {
        let cell = row.judge(target: "x", means: "m", first: "cbench-persisted 1", second: .success("cbench-persisted 1"))
        #expect(cell.outcome == .notSupported)
        #expect(cell.detail?.contains("lost the file") == true)
    }

    @Test func aRefusedStartOfAStoppedContainerIsNotSupportedWithTheRefusal() {
        let refusal = RestartRefusal(command: "runc start c1", output: "exit 1: cannot start a container that has stopped")
        let cell = row.judge(target: "runc", means: "m", first: "cbench-persisted 1", second: .failure(refusal))
        #expect(cell.outcome == .notSupported)
        #expect(cell.evidence.contains("$ runc start c1\nexit 1: cannot start a container that has stopped"))
    }

    @Test func aFirstRunThatCouldNotWriteFailsToMeasure() {
        let cell = row.judge(target: "x", means: "m", first: "sh: can't create /cbench-persisted: Read-only file system",
                             second: .success("cbench-persisted 1"))
        #expect(cell.outcome == .failed)
        #expect(cell.detail?.contains("Read-only file system") == true)
    }

    @Test func aSecondRunWithoutACountFailsToMeasure() {
        let cell = row.judge(target: "x", means: "m", first: "cbench-persisted 1", second: .success("no output (exited(125))"))
        #expect(cell.outcome == .failed)
    }

    @Test func theRowIsNamedInAFeatureScenario() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let suite = try parser.parse(text: "name: f\nkind: feature\nrows: [persistent-root]\n", file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? FeatureKind)
        #expect(kind.targetRows.map(\.key) == ["persistent-root"])
        #expect(PersistentRootRow.workload(rootfs: "/r").writableRoot)
    }
}
