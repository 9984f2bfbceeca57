#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import SystemContainers

@Suite struct SystemNetworkTests {
    func parse(_ text: String) throws -> LXCConfig {
        try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    let vethConfig = """
        lxc.net.0.type = veth
        lxc.net.0.link = cbenchbr0
        lxc.net.0.ipv4.address = 10.210.0.2/24
        lxc.net.0.ipv4.gateway = 10.210.0.1
        lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
        lxc.net.0.flags = up
        """

    @Test func vethNetworkBecomesAPlan() throws {
        let plans = try parse(vethConfig).vethPlans()
        #expect(plans.count == 1)
        let plan = try #require(plans.first)
        #expect(plan.bridge == "cbenchbr0")
        #expect(plan.containerName == "eth0")
        #expect(plan.addresses == [try #require(IPv4Prefix("10.210.0.2/24"))])
        #expect(plan.gateway == IPv4Address("10.210.0.1"))
        #expect(plan.bridgeAddress == IPv4Prefix("10.210.0.1/24"))
        #expect(plan.up)
    }

    @Test func bridgeAddressDefaultsToTheFirstHost() throws {
        let plan = try #require(try parse("lxc.net.0.type = veth\nlxc.net.0.link = cbenchbr1\nlxc.net.0.ipv4.address = 10.210.3.7/24").vethPlans().first)
        #expect(plan.bridgeAddress == IPv4Prefix("10.210.3.1/24"))
        #expect(!plan.up)
        let first = try #require(try parse("lxc.net.0.type = veth\nlxc.net.0.link = cbenchbr1\nlxc.net.0.ipv4.address = 10.210.3.1/24").vethPlans().first)
        #expect(first.bridgeAddress == nil)
    }

    @Test func badNetworksAreClearErrors() throws {
        let cases: [(String, String)] = [
            ("lxc.net.0.type = veth", "lxc.net.0.link"),
            ("lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0", "must be named cbench"),
            ("lxc.net.0.type = veth\nlxc.net.0.link = cbenchbr0\nlxc.net.0.ipv4.address = 10.210.0.2/24\nlxc.net.0.ipv4.gateway = 192.168.1.1", "subnet"),
            ("lxc.net.0.type = veth\nlxc.net.0.link = cbenchbr0\nlxc.net.0.ipv4.gateway = auto", "only an address"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: CoreError.self) { try parse(text).vethPlans() }
            #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        }
    }

    @Test func hostLinkNamesFitAndCarryThePrefix() {
        let longest = SystemVethPlan.hostLinkName(pid: 4_194_304, index: 1023)
        #expect(longest.count <= 15, "\(longest)")
        #expect(longest.hasPrefix("cbench"))
        #expect(SystemVethPlan.hostLinkName(pid: 100, index: 0) != SystemVethPlan.hostLinkName(pid: 100, index: 1))
    }

    @Test func macPlaceholdersBecomeLocalUnicastDigits() throws {
        let mac = try #require(SystemNetwork.macAddress(from: "01:16:3e:xx:xx:xx") { 10 })
        #expect(mac.description == "02:16:3e:aa:aa:aa")
        #expect(SystemNetwork.macAddress(from: "00:16:3e:12:34:56")?.description == "00:16:3e:12:34:56")
    }

    /// A host namespace without the bridge: the bridge is made with its address and up, then
    /// the pair with the peer in the container, which gets MAC, address and up.
    @Test func connectMakesBridgeVethAndAddresses() throws {
        let host = FakeLinks()
        let inside = FakeLinks(existing: ["eth0"])
        let network = SystemNetwork(host: RouteNetlink(socket: host.socket), containerNetlink: { _ in RouteNetlink(socket: inside.socket) })
        let plans = try parse(vethConfig).vethPlans()
        let made = try network.connect(plans, pid: 4242)
        #expect(made == [SystemVethPlan.hostLinkName(pid: 4242, index: 0)])
        #expect(host.created == ["cbenchbr0", made[0]])
        #expect(host.requests.filter { $0 == Netlink.newAddress }.count == 1)
        #expect(inside.requests.filter { $0 == Netlink.newAddress }.count == 1)
        #expect(inside.requests.filter { $0 == Netlink.newLink }.count == 2, "MAC and up")
    }

    /// A bridge with a VXLAN port carries 50 bytes less: `mtu` sets both ends of the pair.
    @Test func mtuGoesToBothEndsOfThePair() throws {
        let plan = try #require(try parse(vethConfig + "\nlxc.net.0.mtu = 1450").vethPlans().first)
        #expect(plan.mtu == 1450)
        #expect(try parse(vethConfig).vethPlans().first?.mtu == nil)
        let error = #expect(throws: CoreError.self) { try parse(vethConfig + "\nlxc.net.0.mtu = 70000").vethPlans() }
        #expect(error?.stage == "lxc.net.0.mtu")
        func linkChanges(_ plan: SystemVethPlan) throws -> (host: Int, inside: Int) {
            let host = FakeLinks()
            let inside = FakeLinks(existing: ["eth0"])
            let network = SystemNetwork(host: RouteNetlink(socket: host.socket), containerNetlink: { _ in RouteNetlink(socket: inside.socket) })
            _ = try network.connect([plan], pid: 4242)
            return (host.requests.filter { $0 == Netlink.newLink }.count, inside.requests.filter { $0 == Netlink.newLink }.count)
        }
        var without = plan
        without.mtu = nil
        let (with, plain) = (try linkChanges(plan), try linkChanges(without))
        #expect(with.host == plain.host + 1 && with.inside == plain.inside + 1, "one MTU change on each end: \(with) against \(plain)")
    }

    @Test func failedConnectDeletesWhatItMade() throws {
        let host = FakeLinks()
        let inside = FakeLinks(existing: ["eth0"], failing: Netlink.newAddress)
        let network = SystemNetwork(host: RouteNetlink(socket: host.socket), containerNetlink: { _ in RouteNetlink(socket: inside.socket) })
        #expect(throws: CoreError.self) { try network.connect(try parse(vethConfig).vethPlans(), pid: 7) }
        #expect(host.requests.last == Netlink.deleteLink)
    }

    /// The bridge a start makes carries the mark, and destroy removes it once unused.
    @Test func aBridgeTheStartMadeIsMarkedAndRemovedWhenUnused() throws {
        let host = FakeLinks()
        let inside = FakeLinks(existing: ["eth0"])
        let network = SystemNetwork(host: RouteNetlink(socket: host.socket), containerNetlink: { _ in RouteNetlink(socket: inside.socket) })
        let made = try network.connect(try parse(vethConfig).vethPlans(), pid: 4242)
        #expect(host.aliases["cbenchbr0"] == SystemNetwork.bridgeAlias)
        host.masters[made[0]] = "cbenchbr0"
        #expect(try network.removeBridgeIfUnused("cbenchbr0") == false, "a port is still on it")
        host.masters[made[0]] = nil
        #expect(try network.removeBridgeIfUnused("cbenchbr0"))
        #expect(host.deleted == ["cbenchbr0"])
    }

    /// A cbench-named bridge someone else made (by hand, an app network) is never deleted.
    @Test func aBridgeItDidNotMakeIsNeverDeleted() throws {
        let host = FakeLinks(existing: ["cbenchbr0"])
        let inside = FakeLinks(existing: ["eth0"])
        let network = SystemNetwork(host: RouteNetlink(socket: host.socket), containerNetlink: { _ in RouteNetlink(socket: inside.socket) })
        _ = try network.connect(try parse(vethConfig).vethPlans(), pid: 7)
        #expect(host.aliases["cbenchbr0"] == nil, "an existing bridge is used as it is")
        #expect(try network.removeBridgeIfUnused("cbenchbr0") == false)
        host.aliases["cbenchbr0"] = "made by hand"
        #expect(try network.removeBridgeIfUnused("cbenchbr0") == false)
        #expect(host.deleted.isEmpty)
    }
}

/// A recording socket that knows which links exist: RTM_GETLINK answers for them (a dump
/// lists them all), RTM_NEWLINK with NLM_F_CREATE adds one and without it may set an alias,
/// RTM_DELLINK removes one, and `failing` requests get EPERM. `masters` puts a link on a bridge.
final class FakeLinks {
    var names: [String]
    var created: [String] = []
    var deleted: [String] = []
    var aliases: [String: String] = [:]
    var masters: [String: String] = [:]
    var requests: [UInt16] = []
    let failing: UInt16?
    lazy var socket = RecordingNetlinkSocket { [unowned self] request in self.answer(request) }

    init(existing: [String] = [], failing: UInt16? = nil) {
        names = existing
        self.failing = failing
    }

    func answer(_ request: NetlinkMessage) -> [NetlinkMessage] {
        requests.append(request.type)
        if request.type == failing { return [NetlinkMessage.errorReply(to: request, errno: EPERM)] }
        let isLink = [Netlink.getLink, Netlink.newLink, Netlink.deleteLink].contains(request.type)
            && request.payload.count >= InterfaceInfoMessage.size
        let name = isLink ? NetlinkAttribute.decode(request.payload[InterfaceInfoMessage.size...]).first(Netlink.linkName)?.stringValue : nil
        let attributes = isLink ? NetlinkAttribute.decode(request.payload[InterfaceInfoMessage.size...]) : []
        switch request.type {
        case Netlink.getLink where request.flags & Netlink.dump == Netlink.dump:
            return names.indices.map { link($0).message() } + [NetlinkMessage.doneReply(to: request)]
        case Netlink.getLink:
            guard let name, let position = names.firstIndex(of: name) else {
                if let index = InterfaceInfoMessage.decode(request.payload)?.index, index > 0, Int(index) <= names.count {
                    return [link(Int(index) - 1).message(), NetlinkMessage.errorReply(to: request)]
                }
                return [NetlinkMessage.errorReply(to: request, errno: ENODEV)]
            }
            return [link(position).message(), NetlinkMessage.errorReply(to: request)]
        case Netlink.newLink where request.flags & Netlink.create != 0:
            if let name {
                names.append(name)
                created.append(name)
            }
        case Netlink.newLink:
            if let alias = attributes.first(Netlink.linkAlias)?.stringValue,
               let index = InterfaceInfoMessage.decode(request.payload)?.index, index > 0, Int(index) <= names.count {
                aliases[names[Int(index) - 1]] = alias
            }
        case Netlink.deleteLink:
            if let name, let position = names.firstIndex(of: name) {
                names.remove(at: position)
                deleted.append(name)
            }
        default: break
        }
        return [NetlinkMessage.errorReply(to: request)]
    }

    func link(_ position: Int) -> NetlinkLink {
        let name = names[position]
        let master = masters[name].flatMap { names.firstIndex(of: $0) }.map { Int32($0 + 1) }
        return NetlinkLink(index: Int32(position + 1), name: name, masterIndex: master,
                           kind: name.hasPrefix("cbenchbr") ? "bridge" : "veth", alias: aliases[name])
    }
}
