import Testing
@testable import AppContainers

/// The announcement waits for the host end's bridge port to forward, never past its bound.
struct AnnounceForwardingTests {
    @Test func itWaitsUntilThePortForwards() {
        var reads = 0
        let forwarded = AppNetworking.awaitForwarding("cbh0", state: { link in
            #expect(link == "cbh0")
            reads += 1
            return reads < 3 ? "0\n" : "3\n"
        })
        #expect(forwarded && reads == 3)
    }

    @Test func aPortThatNeverForwardsOrIsNoBridgePortEndsTheWait() {
        #expect(!AppNetworking.awaitForwarding("cbh0", timeoutMilliseconds: 5, state: { _ in "1\n" }))
        var reads = 0
        #expect(!AppNetworking.awaitForwarding("cbh0", state: { _ in reads += 1; return nil }))
        #expect(reads == 1, "no brport: not a bridge port, nothing to wait for")
    }
}
