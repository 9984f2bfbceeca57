#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Address management for one subnet: the network address, the gateway and the broadcast
/// address are never handed out; the lowest free host address is.
public struct AddressPool: Sendable, Equatable {
    public var subnet: IPv4Prefix
    public var gateway: IPv4Address
    public private(set) var taken: Set<IPv4Address>

    public init(subnet: IPv4Prefix, gateway: IPv4Address, taken: Set<IPv4Address> = []) {
        self.subnet = subnet.network
        self.gateway = gateway
        self.taken = taken
    }

    /// The lowest free address, now taken; an error when the subnet is full.
    public mutating func allocate(network name: String) throws(CoreError) -> IPv4Address {
        let base = Self.value(of: subnet.address)
        let size: UInt64 = 1 << UInt64(32 - Int(subnet.length))
        // A /31 or /32 has no room for a gateway and a container.
        if size >= 4 {
            for offset in 1..<(size - 1) {
                let candidate = Self.address(UInt32(UInt64(base) + offset))
                if candidate != gateway && !taken.contains(candidate) {
                    taken.insert(candidate)
                    return candidate
                }
            }
        }
        throw CoreError(stage: "network \(name)", detail: "no free address left in \(subnet): remove a container from it, or create a network with a larger --subnet")
    }

    /// Takes `address` as asked (`--ip`): a host address of the subnet, neither the gateway nor
    /// taken already.
    public mutating func take(_ address: IPv4Address, network name: String) throws(CoreError) {
        let base = UInt64(Self.value(of: subnet.address))
        let size: UInt64 = 1 << UInt64(32 - Int(subnet.length))
        let value = UInt64(Self.value(of: address))
        guard value > base, value < base + size - 1 else {
            throw CoreError(stage: "network \(name): --ip \(address)", errno: EINVAL, detail: "not a host address of \(subnet)")
        }
        guard address != gateway else {
            throw CoreError(stage: "network \(name): --ip \(address)", errno: EADDRINUSE, detail: "is the network's gateway")
        }
        guard taken.insert(address).inserted else {
            throw CoreError(stage: "network \(name): --ip \(address)", errno: EADDRINUSE, detail: "is used by another container")
        }
    }

    public mutating func release(_ address: IPv4Address) {
        taken.remove(address)
    }

    /// The first host address of a subnet (the gateway by convention).
    public static func firstHost(of subnet: IPv4Prefix) -> IPv4Address {
        address(value(of: subnet.network.address) &+ 1)
    }

    public static func value(of address: IPv4Address) -> UInt32 {
        address.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    public static func address(_ value: UInt32) -> IPv4Address {
        IPv4Address(UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
    }
}
