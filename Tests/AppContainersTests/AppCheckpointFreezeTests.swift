import Testing
import Checkpoints
@testable import AppContainers

/// `cbench app checkpoint` freezes the container itself before CRIU gets it (CRIU's own freeze
/// reads a FREEZING group back 100 ms later), except for a dump that leaves it running: CRIU
/// would leave a group it found FROZEN frozen.
@Suite struct AppCheckpointFreezeTests {
    @Test func aFinalDumpIsFrozenByCbenchFirst() {
        #expect(AppCheckpointOptions().freezesBeforeDump)
        #expect(AppCheckpointOptions(export: "/tmp/c.tar.gz", tcpEstablished: true).freezesBeforeDump)
    }

    @Test func aDumpThatLeavesTheContainerRunningIsNotFrozenByCbench() {
        #expect(!AppCheckpointOptions(leaveRunning: true).freezesBeforeDump)
    }

    /// Post-copy's dump leaves the tree to CRIU's end too, and is frozen first so that it stays
    /// frozen after: the move ends it once the destination has every page, or resumes it.
    @Test func aLazyDumpIsFrozenByCbenchFirst() {
        let serving = AppLazyPageServing(address: PageServerAddress(address: "10.0.0.1", port: 27000), connection: 5, statusFD: nil)
        #expect(AppCheckpointOptions(lazyPages: serving, imagesPassThrough: true).freezesBeforeDump)
    }
}
