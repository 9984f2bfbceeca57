#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// App containers on two lab hosts: one overlay (VXLAN) and one routed network, each defined
/// the same on both hosts; containers find each other by name across hosts and ping.
@Suite(.enabled(if: LabTestSupport.canRun, "needs root and /usr/sbin/sshd (make setup)"), .serialized)
struct LabNetworkTests {
    @Test func overlayAndRoutedPingByNameAcrossHosts() throws {
        try LabTestSupport.withLab(hosts: 2) {
            for host in ["lab1", "lab2"] {
                let imported = try LabTestSupport.inLab(host, "cbench", "app", "import", "/var/lib/cbench/rootfs/busybox", "busybox")
                try #require(imported.status == 0, "\(imported.output)")
                for (name, driver, subnet) in [("ov", "overlay", "10.78.0.0/24"), ("rt", "routed", "10.79.0.0/24")] {
                    let made = try LabTestSupport.inLab(host, "cbench", "app", "network", "create", "--driver", driver, "--subnet", subnet,
                                                        "--peer", "10.251.0.2", "--peer", "10.251.0.3", name)
                    try #require(made.status == 0, "\(made.output)")
                }
            }
            for (host, name, network) in [("lab1", "a", "ov"), ("lab2", "b", "ov"), ("lab1", "ra", "rt"), ("lab2", "rb", "rt")] {
                let run = try LabTestSupport.inLab(host, "cbench", "app", "run", "-d", "--network", network, "--name", name, "busybox", "sleep", "60")
                try #require(run.status == 0, "\(run.output)")
            }
            let hosts = try LabTestSupport.inLab("lab2", "cbench", "app", "exec", "b", "cat", "/etc/hosts").output
            #expect(hosts.contains("10.78.0.2\ta ") && hosts.contains("10.78.0.130\tb "), "\(hosts)")
            for (host, from, to) in [("lab2", "b", "a"), ("lab1", "a", "b"), ("lab1", "ra", "rb"), ("lab2", "rb", "ra")] {
                let ping = try LabTestSupport.inLab(host, "cbench", "app", "exec", from, "ping", "-c", "1", "-W", "2", to)
                #expect(ping.status == 0 && ping.output.contains("1 packets received"), "\(from) -> \(to): \(ping.output)")
            }
            // The overlay's port carries the VNI and floods to the other host only.
            let fdb = try LabTestSupport.inLab("lab1", "bridge", "fdb", "show").output
            let flood = fdb.split(separator: "\n").filter { $0.hasPrefix("00:00:00:00:00:00 dev cbenchx") }
            #expect(flood.count == 1 && flood[0].hasSuffix("dst 10.251.0.3 self permanent"), "\(fdb)")
        }
    }
}
