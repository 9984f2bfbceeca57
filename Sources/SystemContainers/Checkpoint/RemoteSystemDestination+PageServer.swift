#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension RemoteSystemDestination {
    /// Where the source's lazy page server listens for this host: the address of ours the
    /// kernel routes from toward the host ssh reaches (`ssh -G`'s hostname), on a TCP port
    /// free there now. The destination's `criu lazy-pages` connects to it over the same
    /// network the images took.
    public func pageServerAddress() throws -> PageServerAddress? {
        let stage = "migrate: page server toward \(host)"
        let remote = try remoteAddress(stage: stage)
        let local = try Self.boundAddress(of: SOCK_DGRAM, connectingTo: remote, stage: stage)
        let port = try Self.boundAddress(of: SOCK_STREAM, binding: local.address, stage: stage).port
        return PageServerAddress(address: local.address.description, port: Int32(port))
    }

    /// The host's IPv4 address as ssh reaches it (`ssh -G`'s hostname, resolved).
    func remoteAddress(stage: String) throws -> IPv4Address {
        let shown = try Spawn(ssh + ["-G", host]).run()
        guard shown.status == 0,
              let line = shown.stdout.split(separator: "\n").first(where: { $0.hasPrefix("hostname ") }) else {
            throw CoreError(stage: stage, detail: "ssh -G \(host) names no hostname: \(shown.stderr.firstLine())")
        }
        let name = line.dropFirst("hostname ".count).trimmingWhitespace()
        guard let remote = IPv4Address(name) ?? Self.resolve(name) else {
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
        return withUnsafeBytes(of: raw) { IPv4Address($0[0], $0[1], $0[2], $0[3]) }
    }

    /// The local address and port of a socket of `type` after a connect to `peer` (a UDP
    /// connect sends nothing, it only picks the route) or a bind to `binding` port 0.
    static func boundAddress(of type: __socket_type, connectingTo peer: IPv4Address? = nil, binding: IPv4Address? = nil,
                             stage: String) throws -> (address: IPv4Address, port: UInt16) {
        let fd = socket(AF_INET, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError(stage: "\(stage): socket", errno: errno) }
        defer { close(fd) }
        func socketAddress(_ address: IPv4Address, port: UInt16) -> sockaddr_in {
            var value = sockaddr_in()
            value.sin_family = sa_family_t(AF_INET)
            value.sin_port = port.bigEndian
            value.sin_addr.s_addr = address.bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            return value
        }
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        if let peer {
            var target = socketAddress(peer, port: 9)
            let rc = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
            guard rc == 0 else { throw CoreError(stage: "\(stage): no route to \(peer)", errno: errno) }
        }
        if let binding {
            var target = socketAddress(binding, port: 0)
            let rc = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            guard rc == 0 else { throw CoreError(stage: "\(stage): bind \(binding)", errno: errno) }
        }
        var mine = sockaddr_in()
        var size = length
        let rc = withUnsafeMutablePointer(to: &mine) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        guard rc == 0 else { throw CoreError(stage: "\(stage): getsockname", errno: errno) }
        let address = withUnsafeBytes(of: mine.sin_addr.s_addr) { IPv4Address($0[0], $0[1], $0[2], $0[3]) }
        return (address, UInt16(bigEndian: mine.sin_port))
    }
}
