import AppContainers
import Foundation
import Glibc
import Testing
import NamespaceCore

/// A restored container announces its address (a gratuitous ARP while its tasks are still
/// stopped), so a host that tried it while it was gone and holds a failed neighbour entry
/// reaches it at once instead of at its next ARP retry, a second later.
@Suite(.serialized, .enabled(if: geteuid() == 0, "needs root"))
struct CheckpointAppAnnounceTests {
    @Test func aHostsFailedNeighbourEntryLearnsTheRestoredContainer() throws {
        let harness = try AppTestHarness("ckarp")
        let network = harness.name("net")
        defer {
            harness.tearDown()
            _ = try? harness.app(["network", "rm", network])
        }
        try harness.ok(["network", "create", network])
        // A second member keeps the bridge (and the host's neighbour table on it) while the
        // first is checkpointed.
        let keeper = harness.name("keeper")
        try harness.ok(["run", "-d", "--name", keeper, "--network", network, harness.image, "sleep", "1000"])
        let name = harness.name("svc")
        try harness.ok(["run", "-d", "--name", name, "--network", network, harness.image, "sleep", "1000"])
        let address = try #require(CheckpointAppTests.address(pid: try CheckpointAppTests.pid(harness, name)), "no address on eth0")
        let bridge = try #require(try Self.hostDevice(towards: address), "no route to \(address)")
        try harness.ok(["checkpoint", name])
        // What the host holds after sending to the container while it was gone.
        try Self.ip(["neigh", "replace", address, "dev", bridge, "nud", "failed"])
        #expect(try Self.ip(["-4", "neigh", "show", address, "dev", bridge]).contains("FAILED"))
        try harness.ok(["restore", name])
        let entry = try Self.ip(["-4", "neigh", "show", address, "dev", bridge])
        #expect(entry.contains("lladdr") && !entry.contains("FAILED") && !entry.contains("INCOMPLETE"),
                "the host's entry right after the restore, before any traffic: \(entry)")
        try harness.ok(["rm", "-f", name, keeper])
    }

    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let outcome = try Spawn(["ip"] + arguments).run()
        guard outcome.status == 0 else {
            throw CoreError(stage: "ip \(arguments.joined(separator: " "))", detail: "exit \(outcome.status): \(outcome.stderr)")
        }
        return outcome.stdout
    }

    /// The host's device on the way to `address` (`ip route get`'s "dev NAME").
    static func hostDevice(towards address: String) throws -> String? {
        let words = try ip(["-o", "-4", "route", "get", address]).split(separator: " ").map(String.init)
        guard let index = words.firstIndex(of: "dev"), index + 1 < words.count else { return nil }
        return words[index + 1]
    }
}
