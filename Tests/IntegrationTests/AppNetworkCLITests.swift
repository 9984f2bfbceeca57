import Foundation
import Testing
import NamespaceCore

/// `cbench app network create/ls/inspect/rm` through the CLI, as users drive them: the list
/// and the JSON show the network and the containers on it, a network in use by a running
/// container is not removed (one line naming the container), and once free it goes with its
/// bridge.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppNetworkCLITests {
    @Test func listInspectAndRemoveInUse() throws {
        let harness = try AppTestHarness("netcli")
        let network = harness.name("net"), web = harness.name("web")
        defer {
            // The network's bridge goes with it, so it is removed before the store.
            _ = try? harness.app(["rm", "-f", web])
            _ = try? harness.app(["network", "rm", network])
            harness.tearDown()
        }
        // The subnet is the free /24 create picks (a fixed one could be another test's).
        let created = try harness.ok(["network", "create", network]).split(separator: " ")
        #expect(created.first.map(String.init) == network)
        let subnet = String(try #require(created.last).dropLast())
        #expect(subnet.hasSuffix(".0/24"), "\(created)")
        let prefix = String(subnet.dropLast("0/24".count))
        #expect(try row(harness, network)?.suffix(2) == [Substring(subnet), "0"], "no container yet")

        try harness.ok(["run", "-d", "--name", web, "--network", network, harness.image, "sleep", "100"])
        #expect(try row(harness, network)?.last == "1")
        let inspected = try inspect(harness, network)
        let record = try #require(inspected["network"] as? [String: Any])
        #expect(record["name"] as? String == network)
        #expect(record["subnet"] as? String == subnet)
        #expect(record["gateway"] as? String == prefix + "1")
        let bridge = try #require(record["bridge"] as? String)
        #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"), "the bridge is up while a container is on it")
        let members = try #require(inspected["containers"] as? [[String: Any]])
        #expect(members.count == 1)
        #expect(members.first?["containerName"] as? String == web)
        let address = try #require(members.first?["address"] as? String)
        #expect(address.hasPrefix(prefix) && address != prefix + "1", "\(address) in \(subnet)")
        #expect(try harness.ok(["exec", web, "ip", "-4", "-o", "addr", "show", "eth0"]).contains(" \(address)/24 "))

        let refused = try harness.app(["network", "rm", network])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("network rm \(network)") && refused.stderr.contains("in use by \(web)")
                && refused.stderr.contains("stop or remove that container first"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(try row(harness, network)?.last == "1", "still listed, still in use")
        #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"))

        try harness.ok(["rm", "-f", web])
        #expect(try row(harness, network)?.last == "0")
        #expect((try inspect(harness, network)["containers"] as? [Any])?.isEmpty == true)
        #expect(try harness.ok(["network", "rm", network]) == "\(network)\n")
        #expect(try harness.ok(["network", "ls"]) == Self.header + "\n")
        #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"), "the bridge went with the network")
        let gone = try harness.app(["network", "inspect", network])
        #expect(gone.status != 0 && gone.stderr.contains(network), "\(gone.stderr)")
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
    }

    static let header = "NETWORK ID    NAME                 SUBNET             CONTAINERS"

    /// The words of `network ls`'s row for `network`; nil when it is not listed. Also checks
    /// the header and that no other network is listed.
    func row(_ harness: AppTestHarness, _ network: String) throws -> [Substring]? {
        let lines = try harness.ok(["network", "ls"]).split(separator: "\n")
        #expect(lines.first.map(String.init) == Self.header)
        #expect(lines.count == 2, "\(lines)")
        return lines.dropFirst().map { $0.split(separator: " ") }.first { $0.count == 4 && $0[1] == network }
    }

    func inspect(_ harness: AppTestHarness, _ network: String) throws -> [String: Any] {
        let text = try harness.ok(["network", "inspect", network])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }
}
