import Testing
@testable import NamespaceCore

/// The announcement waits for the host end's bridge port to forward, never past its bound.
struct BridgePortTests {
    @Test func itWaitsUntilThePortForwards() {
        var reads = 0
        let wait = BridgePort.awaitForwarding("cbh0", state: { link in
            #expect(link == "cbh0")
            reads += 1
            return reads < 3 ? "0\n" : "3\n"
        })
        #expect(wait == .forwarding && reads == 3)
    }

    @Test func aPortThatNeverForwardsTimesOut() {
        #expect(BridgePort.awaitForwarding("cbh0", timeoutMilliseconds: 5, state: { _ in "1\n" }) == .timedOut)
    }

    @Test func aLinkWithoutABridgePortIsNotWaitedFor() {
        var reads = 0
        #expect(BridgePort.awaitForwarding("cbh0", state: { _ in reads += 1; return nil }) == .notABridgePort)
        #expect(reads == 1)
    }
}
