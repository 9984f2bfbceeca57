import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

/// App networks for real: containers on one network reach each other by name, their hosts
/// files follow joins and leaves, no route leads off the subnet, and the bridge and veths go
/// with the last container.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppNetworkTestHost.available, "needs root and /bin/busybox"))
struct AppNetworkTests {
    @Test func twoContainersReachEachOtherByName() throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let network = try h.makeNetwork()
        let linksBefore = AppNetworkTestHost.hostLinks()
        let alpha = try h.start("alpha", ["sleep", "60"], networks: [network.name])
        #expect(alpha.attachments.first?.interface == "eth0")
        let beta = try h.start("beta", ["sh", "-c", """
            ping -c1 -W2 alpha >/dev/null && echo by-name-ok
            ping -c1 -W2 \(alpha.id.prefix(12)) >/dev/null && echo by-alias-ok
            cat /etc/hosts
            ip route
            """], networks: [network.name])
        let (status, output) = try h.finish(beta)
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("by-name-ok"), "\(output)")
        #expect(output.contains("by-alias-ok"), "\(output)")
        #expect(output.contains("\talpha \(alpha.id.prefix(12))"), "\(output)")
        #expect(!output.contains("default"), "no route leaves the subnet:\n\(output)")
        #expect(output.contains("\(network.subnet) dev eth0"), "\(output)")

        // beta has left again: alpha's hosts file (bound at its /etc/hosts) no longer lists it.
        let alphaHosts = try String(contentsOfFile: alpha.hostsFile, encoding: .utf8)
        #expect(alphaHosts.contains("\talpha ") && !alphaHosts.contains("beta"), "\(alphaHosts)")
        #expect(AppNetworkTestHost.hostLinks().contains(network.bridge))
        try h.kill(alpha)
        #expect(AppNetworkTestHost.hostLinks() == linksBefore, "bridge and veths are gone")
        #expect(try h.store.members(of: network.name).isEmpty)
    }

    @Test func hostsFileChangesAreSeenInsideARunningContainer() throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let network = try h.makeNetwork()
        // Waits (polling inside the container, no timing assertion) until gamma appears.
        let watcher = try h.start("watcher", ["sh", "-c", """
            for i in $(seq 200); do grep -q gamma /etc/hosts && ping -c1 -W2 gamma >/dev/null && echo saw-gamma && exit 0; sleep 0.1; done
            cat /etc/hosts; exit 1
            """], networks: [network.name])
        let gamma = try h.start("gamma", ["sleep", "60"], networks: [network.name])
        let (status, output) = try h.finish(watcher)
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("saw-gamma"))
        try h.kill(gamma)
    }

    @Test func noneModeHasOnlyLoopback() throws {
        let h = try AppNetworkTestHost()
        defer { h.tearDown() }
        let started = try h.start("alone", ["ls", "/sys/class/net"], networks: ["none"], mounts: [
            MountSpec(destination: "/sys", type: "sysfs", source: "sysfs", options: ["ro", "nosuid", "noexec", "nodev"]),
        ])
        let (status, output) = try h.finish(started)
        #expect(status == .exited(0), "\(output)")
        #expect(output.split(separator: "\n") == ["lo"], "\(output)")
    }
}
