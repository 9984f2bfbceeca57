import JSONRecords
import NamespaceCore

extension AppNetworkStore {
    /// Records an overlay or routed network. Every host of `peers` must be given the same
    /// definition (name, subnet, peers in the same order, VNI), which is why the subnet is not
    /// chosen here. The VNI defaults to one derived from the name.
    @discardableResult
    public func create(name: String, driver: AppNetworkDriver, subnet: String?, peers: [String], vni: UInt32?) throws -> AppNetwork {
        guard driver.spansHosts else { return try create(name: name, subnet: subnet) }
        let stage = "network create \(name) --driver \(driver.rawValue)"
        guard let subnet else {
            throw CoreError(stage: stage, detail: "give --subnet: every host of the network must use the same one")
        }
        guard !peers.isEmpty else {
            throw CoreError(stage: stage, detail: "give every host's underlay address with --peer (this host's too), in the same order on every host")
        }
        for peer in peers where IPv4Address(peer) == nil {
            throw CoreError(stage: stage, detail: "--peer \(peer) is not an IPv4 address")
        }
        guard Set(peers).count == peers.count else { throw CoreError(stage: stage, detail: "a --peer is given twice") }
        if let vni, !(1...0xff_ffff).contains(vni) { throw CoreError(stage: stage, detail: "--vni \(vni) must be 1 to 16777215") }
        var network = try create(name: name, subnet: subnet)
        network.driver = driver
        network.peers = peers
        network.vni = driver == .overlay ? (vni ?? MultiHostLayout.defaultVNI(name: name)) : nil
        do {
            try locked { try JSONRecord.write(network, to: recordPath(name)) }
        } catch {
            try? remove(name)
            throw error
        }
        return network
    }
}
