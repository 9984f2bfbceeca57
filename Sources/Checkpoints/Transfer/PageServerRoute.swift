#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Where a source's page server listens for a destination reached by ssh, in both modes: the
/// address of ours the kernel routes from toward that host (`ssh -G`'s hostname), on a TCP port
/// held for it (`ReservedPort`). The destination connects to it over the same network the
/// images take, never through a path both hosts share.
public enum PageServerRoute {
    /// A port held on the address of ours that routes toward `host`.
    public static func reservePort(ssh: [String], host: String, stage: String) throws -> ReservedPort {
        let remote = try remoteAddress(ssh: ssh, host: host, stage: stage)
        return try ReservedPort.reserve(on: try routedAddress(toward: remote, stage: stage), stage: stage)
    }

    /// The host's IPv4 address as ssh reaches it (`ssh -G`'s hostname, resolved).
    public static func remoteAddress(ssh: [String], host: String, stage: String) throws -> IPv4Address {
        let shown = try Spawn(ssh + ["-G", host]).run()
        guard shown.status == 0,
              let line = shown.stdout.split(separator: "\n").first(where: { $0.hasPrefix("hostname ") }) else {
            throw CoreError(stage: stage, detail: "ssh -G \(host) names no hostname: \(shown.stderr.firstLine())")
        }
        let name = line.dropFirst("hostname ".count).trimmingWhitespace()
        guard let remote = IPv4Address(name) ?? resolve(name) else {
            throw CoreError(stage: stage, detail: "\(name) (ssh's hostname of \(host)) has no IPv4 address")
        }
        return remote
    }

    static func resolve(_ name: String) -> IPv4Address? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &found) == 0, let found else { return nil }
        defer { freeaddrinfo(found) }
        guard let address = found.pointee.ai_addr else { return nil }
        let raw = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
        return IPv4Address(socketAddress: raw)
    }

    /// The address of ours the kernel routes from toward `peer`: a UDP socket's local
    /// address after a connect, which sends nothing and only picks the route.
    public static func routedAddress(toward peer: IPv4Address, stage: String) throws -> IPv4Address {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError(stage: "\(stage): socket", errno: errno) }
        defer { close(fd) }
        var target = peer.socketAddress(port: 9)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connected = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
        guard connected == 0 else { throw CoreError(stage: "\(stage): no route to \(peer)", errno: errno) }
        var mine = sockaddr_in()
        var size = length
        let named = withUnsafeMutablePointer(to: &mine) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        guard named == 0 else { throw CoreError(stage: "\(stage): getsockname", errno: errno) }
        return IPv4Address(socketAddress: mine.sin_addr.s_addr)
    }
}
