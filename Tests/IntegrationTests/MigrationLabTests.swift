#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// `cbench system migrate NAME --to HOST` between two lab hosts: the container leaves lab1 and
/// runs on lab2 with its processes, their state and its overlay address, reached from lab1.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"))
struct MigrationLabTests {
    @Test func aSystemContainerMovesToAnotherLabHostKeepingItsAddress() throws {
        try LabTestSupport.withLab(hosts: 2) {
            for host in ["lab1", "lab2"] {
                let made = try LabTestSupport.inLab(host, "cbench", "app", "network", "create", "--driver", "overlay", "--subnet", "10.78.0.0/24",
                                                    "--peer", "10.251.0.2", "--peer", "10.251.0.3", "ov")
                try #require(made.status == 0, "\(made.output)")
            }
            // Before any container joins: the network's host links are named like its bridge.
            let bridge = try #require(try LabTestSupport.inLab("lab1", "cbench", "app", "network", "inspect", "ov").output
                .split(separator: "\"").first { $0.hasPrefix("cbench") && $0.count == 15 }.map(String.init))
            // The overlay's bridge (with its VXLAN port) appears on a host when a container of
            // the network runs there: one on lab2 before the move, one on lab1 to ping from.
            for host in ["lab1", "lab2"] {
                let imported = try LabTestSupport.inLab(host, "cbench", "app", "import", "/var/lib/cbench/rootfs/busybox", "busybox")
                try #require(imported.status == 0, "\(imported.output)")
                let run = try LabTestSupport.inLab(host, ["cbench", "app", "run", "-d", "--network", "ov", "--name", "b"]
                                                  + BusyboxPing.appOptions + ["busybox", "sleep", "120"])
                try #require(run.status == 0, "\(run.output)")
            }
            let veth = "lxc.net.0.type = veth\nlxc.net.0.link = \(bridge)\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = 10.78.0.120/24\nlxc.net.0.mtu = 1450\n"
            try LabCounterContainer.start(config: veth + BusyboxPing.systemConfig)
            // The counter has counted, and counts on (the file it writes exists once it ran).
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")

            let moved = try LabTestSupport.inLab("lab1", "cbench", "system", "migrate", "s", "--to", "lab2")
            try #require(moved.status == 0, "\(moved.output)")
            #expect(moved.output.contains("migrated s to lab2"), "\(moved.output)")
            #expect(try LabTestSupport.inLab("lab1", "cbench", "system", "info", "s").status != 0, "the source is gone from lab1")
            let after = try LabCounterContainer.countAbove(before, on: "lab2")
            #expect(after != nil, "the counter does not go on from \(before) on lab2")
            let addresses = try LabTestSupport.inLab("lab2", "cbench", "system", "attach", "s", "--", "ip", "-4", "addr").output
            #expect(addresses.contains("10.78.0.120/24"), "\(addresses)")
            // Across the overlay both ways at the address it had on lab1. The moved container speaks
            // first: no gratuitous ARP announces its new MAC, and the overlay answers ARP for the
            // neighbours it has seen.
            let inspect = try LabTestSupport.inLab("lab1", "cbench", "app", "inspect", "b").output
            let neighbour = try #require(inspect.components(separatedBy: "\"ov\" : \"").dropFirst().first?.split(separator: "\"").first
                .map(String.init), "\(inspect)")
            let out = try LabTestSupport.inLab("lab2", "cbench", "system", "attach", "s", "--", "ping", "-c", "1", "-W", "2", neighbour)
            #expect(out.status == 0 && out.output.contains("1 packets received"), "s on lab2 -> b on lab1: \(out.output)")
            let ping = try LabTestSupport.inLab("lab1", "cbench", "app", "exec", "b", "ping", "-c", "1", "-W", "2", "10.78.0.120")
            #expect(ping.status == 0 && ping.output.contains("1 packets received"), "lab1 -> s on lab2: \(ping.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "destroy", "s", "--force").status == 0)
        }
    }
}
