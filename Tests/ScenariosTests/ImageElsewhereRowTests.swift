import Results
import Testing
@testable import Scenarios
import Targets

/// "Image from a container, run elsewhere" from the counts the original and the container
/// made elsewhere printed.
struct ImageElsewhereRowTests {
    let row = ImageElsewhereRow()

    @Test func anImageThatRunsElsewhereWithTheChangeIsSupported() {
        let cell = row.judge(target: "podman-crun", means: "podman commit, save, load", carries: .image,
                             first: "cbench-persisted 1", elsewhere: "cbench-persisted 2")
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "image from a container, run elsewhere")
        #expect(cell.evidence.contains("new container from the image, elsewhere: cbench-persisted 2"))
    }

    /// The failing case: the image lost the change.
    @Test func anImageWithoutTheChangeIsNotSupported() {
        let cell = row.judge(target: "x", means: "m", carries: .image, first: "cbench-persisted 1", elsewhere: "cbench-persisted 1")
        #expect(cell.outcome == .notSupported)
    }

    @Test func aCopyOfTheContainerItselfIsPartial() {
        let cell = row.judge(target: "lxc", means: "lxc-copy -p", carries: .containerCopy, first: "cbench-persisted 1", elsewhere: "cbench-persisted 2")
        #expect(cell.outcome == .partial)
        #expect(cell.detail?.hasPrefix("no image of its own") == true)
    }

    @Test func aRunWithoutACountFailsToMeasure() {
        let cell = row.judge(target: "x", means: "m", carries: .image, first: "cbench-persisted 1", elsewhere: "exec: not found")
        #expect(cell.outcome == .failed && cell.detail == "a run printed no count: exec: not found")
    }
}
