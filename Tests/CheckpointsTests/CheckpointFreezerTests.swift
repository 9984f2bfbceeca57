import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import Checkpoints

/// The v1 freezer after a failed dump: a post-copy source is frozen again at once when CRIU
/// dies (`freezeAgain`, before CRIU is reaped), any other source is thawed (`thawIfFrozen`).
struct CheckpointFreezerTests {
    let freezer = "/sys/fs/cgroup/freezer/cbench/system-s"

    @Test func aDeadCRIUsTreeIsFrozenAgainAndAnyOtherThawed() {
        let fs = FakeCgroupFS()
        fs.setFile("\(freezer)/freezer.state", "THAWED")
        ContainerCheckpointer.freezeAgain(freezer, fs: fs)
        #expect(fs.contents("\(freezer)/freezer.state") == "FROZEN")
        ContainerCheckpointer.thawIfFrozen(freezer, fs: fs)
        #expect(fs.contents("\(freezer)/freezer.state") == "THAWED")
        ContainerCheckpointer.freezeAgain(nil, fs: fs)
        #expect(fs.writes(to: "\(freezer)/freezer.state") == ["FROZEN", "THAWED"], "no freezer, nothing written")
    }
}
