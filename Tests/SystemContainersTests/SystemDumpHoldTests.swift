import Testing
@testable import SystemContainers

/// Which dumps leave a system container's tree held frozen here (CRIU lets it go, frozen)
/// instead of ended: those after which the destination may not have everything yet.
struct SystemDumpHoldTests {
    @Test func aDumpWhosePagesLeaveOrAreServedFromHereHoldsTheTree() {
        #expect(SystemRuntime.holdsTree(preDump: false, leaveRunning: false, sendsPages: true, servesLazily: false))
        #expect(SystemRuntime.holdsTree(preDump: false, leaveRunning: false, sendsPages: false, servesLazily: true),
                "post-copy: the tree outlives a destination that fails after its lazy-pages daemon connected")
    }

    @Test func aPlainFinalDumpEndsTheTreeAndAPreDumpOrLeaveRunningHoldsNothing() {
        #expect(!SystemRuntime.holdsTree(preDump: false, leaveRunning: false, sendsPages: false, servesLazily: false))
        #expect(!SystemRuntime.holdsTree(preDump: true, leaveRunning: false, sendsPages: true, servesLazily: false))
        #expect(!SystemRuntime.holdsTree(preDump: false, leaveRunning: true, sendsPages: false, servesLazily: true))
    }
}
