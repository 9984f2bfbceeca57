#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Where one host stands in an overlay or routed network, from the definition alone (every
/// host computes the same): the subnet is cut into one block per peer, in peer order, and each
/// host hands out addresses from its own block only, so no two hosts ever give out the same
/// address without asking each other. The host's bridge takes the block's first address.
public struct MultiHostLayout: Sendable, Equatable {
    public static let vxlanPort: UInt16 = 4789
    /// VXLAN adds 50 bytes (outer IPv4, UDP, VXLAN header, inner Ethernet) to every frame.
    public static let vxlanOverhead: UInt32 = 50

    public var driver: AppNetworkDriver
    public var subnet: IPv4Prefix
    public var peers: [IPv4Address]
    public var localIndex: Int
    public var vni: UInt32

    public init(network: AppNetwork, localAddresses: [IPv4Address]) throws(CoreError) {
        let stage = "network \(network.name)"
        guard let driver = network.driver, driver.spansHosts, let subnet = network.subnetPrefix else {
            throw CoreError(stage: stage, detail: "not an overlay or routed network")
        }
        let peers = (network.peers ?? []).compactMap(IPv4Address.init)
        guard !peers.isEmpty, peers.count == network.peers?.count else {
            throw CoreError(stage: stage, detail: "its peers \(network.peers ?? []) are not IPv4 addresses")
        }
        guard let localIndex = peers.firstIndex(where: localAddresses.contains) else {
            throw CoreError(stage: stage, errno: EADDRNOTAVAIL,
                            detail: "none of its peers (\(peers.map(\.description).joined(separator: ", "))) is an address of this host: give this host's underlay address as a --peer")
        }
        self.driver = driver
        self.subnet = subnet.network
        self.peers = peers
        self.localIndex = localIndex
        self.vni = network.vni ?? 0
        guard blockLength <= 30 else {
            throw CoreError(stage: stage, detail: "\(subnet) is too small for \(peers.count) hosts: give a larger --subnet")
        }
    }

    /// Prefix length of one block: enough bits for every peer.
    public var blockLength: UInt8 {
        var bits: UInt8 = 0
        while (1 << Int(bits)) < peers.count { bits += 1 }
        return subnet.length + bits
    }

    public func block(_ index: Int) -> IPv4Prefix {
        let size = UInt32(1) << UInt32(32 - Int(blockLength))
        let base = AddressPool.value(of: subnet.address) &+ UInt32(index) &* size
        return IPv4Prefix(AddressPool.address(base), length: blockLength)
    }

    public var localBlock: IPv4Prefix { block(localIndex) }
    public var localAddress: IPv4Address { peers[localIndex] }

    /// The bridge's address: on the overlay the whole subnet is on the link; routed, only the block.
    public var bridgeAddress: IPv4Prefix {
        IPv4Prefix(AddressPool.firstHost(of: localBlock), length: driver == .overlay ? subnet.length : blockLength)
    }

    public var containerPrefixLength: UInt8 { bridgeAddress.length }

    /// Routed: the rest of the subnet is reached through the local bridge.
    public var containerRoutes: [NetlinkRoute] {
        driver == .routed ? [NetlinkRoute(destination: subnet, gateway: bridgeAddress.address)] : []
    }

    /// Routed: each other host's block through its underlay address.
    public var hostRoutes: [NetlinkRoute] {
        guard driver == .routed else { return [] }
        return peers.indices.filter { $0 != localIndex }.map { NetlinkRoute(destination: block($0), gateway: peers[$0]) }
    }

    /// Overlay: every other peer, a flood destination of the VXLAN port.
    public var remotePeers: [IPv4Address] {
        peers.indices.filter { $0 != localIndex }.map { peers[$0] }
    }

    /// The MTU of container interfaces: room for the VXLAN header on the overlay.
    public var containerMTU: UInt32? { driver == .overlay ? 1500 - Self.vxlanOverhead : nil }

    /// `cbenchx` + 8 characters of the network id.
    public static func vxlanName(id: String) -> String {
        Leftovers.linkPrefix + "x" + String(id.prefix(8))
    }

    /// The default VNI: the same on every host for the same name (FNV-1a, 24 bits, never 0).
    public static func defaultVNI(name: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return max(1, hash & 0xff_ffff)
    }
}
