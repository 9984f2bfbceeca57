#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// App containers on two lab hosts: one overlay (VXLAN) and one routed network, each defined
/// the same on both hosts; containers find each other by name across hosts and ping.
@Suite(.hostLeakCheck, .enabled(if: LabTestSupport.canRun, "needs root and /usr/sbin/sshd (make setup)"), .serialized)
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
                let run = try LabTestSupport.inLab(host, ["cbench", "app", "run", "-d", "--network", network, "--name", name]
                                                  + BusyboxPing.appOptions + ["busybox", "sleep", "60"])
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

    /// The overlay is not only cbench-app's: a cbench-system container and a real LXC
    /// container on lab1, each with a veth on the overlay's bridge (the VXLAN device is the
    /// network's) and an address of lab1's block, reach an app container on lab2 and are
    /// reached from it, with full-size frames through the 1450-byte MTU.
    @Test func systemAndLXCContainersJoinTheOverlay() throws {
        try LabTestSupport.withLab(hosts: 2) {
            for host in ["lab1", "lab2"] {
                let made = try LabTestSupport.inLab(host, "cbench", "app", "network", "create", "--driver", "overlay", "--subnet", "10.78.0.0/24",
                                                    "--peer", "10.251.0.2", "--peer", "10.251.0.3", "ov")
                try #require(made.status == 0, "\(made.output)")
            }
            let imported = try LabTestSupport.inLab("lab2", "cbench", "app", "import", "/var/lib/cbench/rootfs/busybox", "busybox")
            try #require(imported.status == 0, "\(imported.output)")
            let run = try LabTestSupport.inLab("lab2", ["cbench", "app", "run", "-d", "--network", "ov", "--name", "b"]
                                              + BusyboxPing.appOptions + ["busybox", "sleep", "60"])
            try #require(run.status == 0, "\(run.output)")
            let bridge = try #require(try LabTestSupport.inLab("lab1", "cbench", "app", "network", "inspect", "ov").output
                .split(separator: "\"").first { $0.hasPrefix("cbench") && $0.count == 15 }.map(String.init))
            func veth(_ address: String) -> String {
                "lxc.net.0.type = veth\nlxc.net.0.link = \(bridge)\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = \(address)/24\nlxc.net.0.mtu = 1450\n"
            }
            // cbench-system on lab1.
            let config = "printf '\(veth("10.78.0.120") + BusyboxPing.systemConfig)' > /tmp/sys.conf"
            #expect(try LabTestSupport.inLab("lab1", "sh", "-c", config).status == 0)
            let created = try LabTestSupport.inLab("lab1", "cbench", "system", "create", "s", "--template", "busybox", "--config", "/tmp/sys.conf")
            try #require(created.status == 0, "\(created.output)")
            try #require(try LabTestSupport.inLab("lab1", "cbench", "system", "start", "s").status == 0)
            // LXC on lab1, in an lxcpath of lab1's own /run.
            let lxc = "/run/cbench/lxc-itest/l"
            let lxcConfig = "lxc.include = /usr/share/lxc/config/common.conf\nlxc.uts.name = l\nlxc.rootfs.path = overlay:/var/lib/cbench/rootfs/busybox:\(lxc)/delta\n"
                + veth("10.78.0.121") + "lxc.tty.max = 0\nlxc.console.path = none\nlxc.mount.auto = proc:mixed sys:ro cgroup:mixed\nlxc.cgroup.dir = cbench/itest-l\nlxc.cgroup.relative = 1\n"
            #expect(try LabTestSupport.inLab("lab1", "sh", "-c", "mkdir -p \(lxc)/delta && printf '\(lxcConfig)' > \(lxc)/config").status == 0)
            let started = try LabTestSupport.inLab("lab1", "lxc-start", "-n", "l", "-P", "/run/cbench/lxc-itest", "-d", "--", "sleep", "60")
            try #require(started.status == 0, "\(started.output)")
            defer { _ = try? LabTestSupport.inLab("lab1", "lxc-stop", "-n", "l", "-P", "/run/cbench/lxc-itest", "-k") }
            #expect(try LabTestSupport.inLab("lab1", "lxc-wait", "-n", "l", "-P", "/run/cbench/lxc-itest", "-s", "RUNNING", "-t", "10").status == 0)
            let address = try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "b").output
            #expect(address.contains("\"ov\" : \"10.78.0.130\""), "\(address)")
            // Both ways, with 1400-byte pings: the MTU fits the VXLAN header.
            for (from, command) in [("system", ["cbench", "system", "attach", "s", "--"]), ("lxc", ["lxc-attach", "-n", "l", "-P", "/run/cbench/lxc-itest", "--"])] {
                let ping = try LabTestSupport.cbench(["lab", "exec", "lab1", "--"] + command + ["ping", "-c", "1", "-W", "2", "-s", "1400", "10.78.0.130"])
                #expect(ping.status == 0 && ping.output.contains("1 packets received"), "\(from) on lab1 -> b on lab2: \(ping.output)")
            }
            for target in ["10.78.0.120", "10.78.0.121"] {
                let ping = try LabTestSupport.inLab("lab2", "cbench", "app", "exec", "b", "ping", "-c", "1", "-W", "2", "-s", "1400", target)
                #expect(ping.status == 0 && ping.output.contains("1 packets received"), "b on lab2 -> \(target) on lab1: \(ping.output)")
            }
        }
    }
}
