#if canImport(Glibc)
import Glibc
#endif
import JSONRecords
import NamespaceCore

extension AppNetworkStore {
    /// Records a new network (no bridge yet: it is made when the first container joins).
    /// Without `subnet` the first free /24 of `SubnetChooser.candidates` is taken; a given one
    /// must overlap neither the host's addresses and routes nor another network.
    @discardableResult
    public func create(name: String, subnet requested: String? = nil) throws -> AppNetwork {
        try AppNetwork.validateName(name)
        if AppNetwork.reservedNames.contains(name) {
            throw CoreError(stage: "network create \(name)", detail: "'\(name)' is a built-in network mode (none, host): choose another name")
        }
        if name.hasSuffix(".members") {
            throw CoreError(stage: "network create \(name)", detail: "names ending in .members are reserved for the member files: choose another name")
        }
        let wanted = try requested.map(Self.parseSubnet)
        return try locked {
            if access(recordPath(name), F_OK) == 0 {
                throw CoreError(stage: "network create \(name)", detail: "a network named \(name) already exists: remove it with `cbench app network rm \(name)` or choose another name")
            }
            let others = try list()
            let occupied = try hostPrefixes.occupiedPrefixes()
            let subnet: IPv4Prefix
            if let wanted {
                if let clash = others.first(where: { $0.subnetPrefix.map { SubnetChooser.overlaps(wanted, $0) } ?? false }) {
                    throw CoreError(stage: "network create \(name)", detail: "subnet \(wanted) overlaps network \(clash.name) (\(clash.subnet)): choose another --subnet")
                }
                if let clash = SubnetChooser.conflict(of: wanted, with: occupied) {
                    throw CoreError(stage: "network create \(name)", detail: "subnet \(wanted) overlaps \(clash) on this host: choose another --subnet")
                }
                subnet = wanted
            } else {
                guard let free = SubnetChooser.firstFree(occupied: occupied + others.compactMap(\.subnetPrefix)) else {
                    throw CoreError(stage: "network create \(name)", detail: "no free /24 left in 10.77.0.0/16 or 172.29.0.0/16: give one with --subnet")
                }
                subnet = free
            }
            let network = AppNetwork(name: name, id: AppNetwork.randomID(), subnet: subnet, gateway: AddressPool.firstHost(of: subnet))
            try JSONRecord.write(network, to: recordPath(name))
            return network
        }
    }

    /// "A.B.C.D/N" with N from 8 to 30 (room for a gateway and containers), host bits cleared.
    static func parseSubnet(_ text: String) throws(CoreError) -> IPv4Prefix {
        guard text.contains("/"), let prefix = IPv4Prefix(text), (8...30).contains(prefix.length) else {
            throw CoreError(stage: "--subnet \(text)", detail: "expected an IPv4 network like 10.77.5.0/24 (prefix length 8 to 30)")
        }
        let first = prefix.address.bytes[0]
        if first == 127 || first == 0 || first >= 224 {
            throw CoreError(stage: "--subnet \(text)", detail: "loopback, multicast and reserved ranges cannot be networks: use a private range such as 10.77.5.0/24")
        }
        return prefix.network
    }
}
