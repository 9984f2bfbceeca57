import AppContainers
import Foundation
import Glibc
import Testing
import NamespaceCore

/// A restored container announces its address (a gratuitous ARP while its tasks are still
/// stopped), so a host that holds a neighbour entry for it (a failed one after sending to it
/// while it was gone) takes its MAC at once instead of at its next ARP retry, a second later.
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
        // The bridge's address fixed: one the kernel chose follows its ports, and each change
        // empties the host's neighbour table on it (a restore adds a port).
        let bridgeMAC = try String(contentsOfFile: "/sys/class/net/\(bridge)/address", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.ip(["link", "set", bridge, "address", bridgeMAC])
        try harness.ok(["checkpoint", name])
        // An entry the host holds for the address while the container is gone: a stale one with
        // another MAC (a failed one is what a sending host holds, but the kernel may collect a
        // failed entry nothing uses at any moment, which made this test pass or fail by chance).
        let other = "02:00:00:00:00:01"
        try Self.ip(["neigh", "replace", address, "dev", bridge, "lladdr", other, "nud", "stale"])
        #expect(try Self.ip(["-4", "neigh", "show", address, "dev", bridge]).contains(other))
        try harness.ok(["restore", name])
        let restored = try CheckpointAppTests.pid(harness, name)
        let mac = try #require(try RouteNetlink.inNamespace(ofProcess: restored).link(named: "eth0")?.macAddress, "no eth0")
        let entry = try Self.ip(["-4", "neigh", "show", address, "dev", bridge])
        #expect(entry.contains("lladdr \(mac)"), "the host's entry right after the restore, before any traffic: \(entry); eth0 is \(mac)")
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
