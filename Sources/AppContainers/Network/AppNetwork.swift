import FoundationEssentials
import NamespaceCore

/// A user-defined application network: a subnet, its gateway (the bridge's address) and the
/// bridge that carries it on this host. Stored as JSON by `AppNetworkStore`; the bridge itself
/// exists only while a container is attached.
public struct AppNetwork: Codable, Sendable, Equatable {
    public var name: String
    /// 64 hex digits; the bridge name and `inspect` use its start.
    public var id: String
    /// The network, e.g. "10.77.3.0/24".
    public var subnet: String
    /// The bridge's own address on the subnet (its first host).
    public var gateway: String
    /// `cbench` + the start of the id: 15 characters, so `cbench cleanup` finds it.
    public var bridge: String
    public var created: Date
    /// nil for networks recorded before drivers existed: a bridge.
    public var driver: AppNetworkDriver?
    /// overlay: the VXLAN network identifier, the same on every peer.
    public var vni: UInt32?
    /// overlay and routed: every host's underlay address, in the same order on every host
    /// (the order decides which block of the subnet each host hands out).
    public var peers: [String]?

    public init(name: String, id: String, subnet: IPv4Prefix, gateway: IPv4Address, created: Date? = nil) {
        self.name = name
        self.id = id
        self.subnet = subnet.network.description
        self.gateway = gateway.description
        self.bridge = AppNetwork.bridgeName(id: id)
        self.created = created ?? .nowInWholeSeconds
    }

    public var subnetPrefix: IPv4Prefix? { IPv4Prefix(subnet) }
    public var gatewayAddress: IPv4Address? { IPv4Address(gateway) }

    /// `cbench` + 9 characters of the id: within the kernel's 15-character interface names.
    public static func bridgeName(id: String) -> String {
        Leftovers.linkPrefix + String(id.prefix(15 - Leftovers.linkPrefix.count))
    }

    /// The special network modes that are not records: a container's own namespace with only
    /// loopback, and the host's namespace.
    public static let reservedNames: Set<String> = ["none", "host"]

    /// Names as Docker takes them: a letter or digit first, then letters, digits, `_`, `.`, `-`.
    public static func validateName(_ name: String, what: String = "network") throws(CoreError) {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x5f || byte == 0x2e || byte == 0x2d
        }
        guard let first = name.utf8.first, allowed, name.utf8.count <= 64,
              first != 0x5f, first != 0x2e, first != 0x2d else {
            throw CoreError(stage: "\(what) name", detail: "'\(name)' is not a valid \(what) name: use letters, digits, _ . - (a letter or digit first, at most 64)")
        }
    }

    /// A fresh random id: 64 hex digits.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }
}
