import NamespaceCore

/// One `-p` value: a TCP port of the container published on a loopback address of the host.
/// Accepted forms: `127.0.0.1:8080:80`, `8080:80` (127.0.0.1), each optionally with `/tcp`.
/// Host addresses outside 127.0.0.0/8 are refused: traffic stays on the machine (HOST-NOTES.md).
public struct PortMapping: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var hostAddress: String
    public var hostPort: UInt16
    public var containerPort: UInt16

    public init(hostAddress: String = "127.0.0.1", hostPort: UInt16, containerPort: UInt16) {
        self.hostAddress = hostAddress
        self.hostPort = hostPort
        self.containerPort = containerPort
    }

    public init(parsing text: String) throws(CoreError) {
        let stage = "-p \(text)"
        var body = Substring(text)
        if let slash = body.lastIndex(of: "/") {
            let proto = body[body.index(after: slash)...]
            guard proto == "tcp" else {
                throw CoreError(stage: stage, detail: "only TCP ports can be published here: use \(body[..<slash])/tcp")
            }
            body = body[..<slash]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let address: String
        let hostPortText: String
        let containerPortText: String
        switch parts.count {
        case 2:
            (address, hostPortText, containerPortText) = ("127.0.0.1", parts[0], parts[1])
        case 3:
            (address, hostPortText, containerPortText) = (parts[0], parts[1], parts[2])
        default:
            throw CoreError(stage: stage, detail: "expected [127.0.0.1:]HOSTPORT:CONTAINERPORT[/tcp], e.g. 127.0.0.1:8080:80")
        }
        guard let parsedAddress = IPv4Address(address) else {
            throw CoreError(stage: stage, detail: "'\(address)' is not an IPv4 address; ports bind to loopback only here: use 127.0.0.1:\(hostPortText):\(containerPortText)")
        }
        guard parsedAddress.bytes[0] == 127 else {
            throw CoreError(stage: stage, detail: "ports bind to loopback only here (127.0.0.0/8), not \(address): use 127.0.0.1:\(hostPortText):\(containerPortText)")
        }
        self.init(hostAddress: parsedAddress.description,
                  hostPort: try Self.port(hostPortText, stage: stage, what: "host port"),
                  containerPort: try Self.port(containerPortText, stage: stage, what: "container port"))
    }

    static func port(_ text: String, stage: String, what: String) throws(CoreError) -> UInt16 {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let value = UInt16(text), value > 0 else {
            throw CoreError(stage: stage, detail: "\(what) '\(text)' is not a port number (1-65535)")
        }
        return value
    }

    /// `127.0.0.1:8080->80/tcp`, as `docker ps` shows a published port.
    public var description: String { "\(hostAddress):\(hostPort)->\(containerPort)/tcp" }
}
