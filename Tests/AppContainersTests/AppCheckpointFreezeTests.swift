import Testing
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
}
