import SystemContainers

/// What a container needs for busybox's `ping`, which the network tests use: busybox 1.35 opens
/// only raw ICMP sockets (no datagram fallback), and neither mode's default keeps CAP_NET_RAW
/// (issue 16: no raw sockets by default; a datagram ping works without it). So a test that
/// pings with busybox gives it back the way a user would.
enum BusyboxPing {
    /// `cbench app run` options.
    static let appOptions = ["--cap-add", "NET_RAW"]
    /// Config lines for `cbench system create --config`: the templates' drop list without net_raw.
    static let systemConfig = "lxc.cap.drop =\nlxc.cap.drop = "
        + SystemSecurity.defaultCapabilityDrop.filter { $0 != "net_raw" }.joined(separator: " ") + "\n"
}
