#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
import NamespaceCoreTesting
@testable import AppContainers

/// The cross-host name exchange with a fake transport: this host sends its members without
/// pid or hosts file, keeps the peer's answer, and its containers' hosts files then name the
/// peer's containers too; an unreachable peer is a warning, not a failure.
@Suite struct PeerExchangeTests {
    final class FakeTransport: PeerExchange, @unchecked Sendable {
        var sent: [(network: String, from: String, members: [AppNetworkMember], peer: String)] = []
        var answers: [String: [AppNetworkMember]] = [:]
        func exchange(network: String, from local: String, members: [AppNetworkMember], with peer: String) throws -> [AppNetworkMember] {
            sent.append((network, local, members, peer))
            guard let answer = answers[peer] else { throw CoreError(stage: "ssh \(peer)", detail: "Connection timed out") }
            return answer
        }
    }

    @Test func namesTravelBothWays() throws {
        let directory = try NetworkTestDirectory("exchange")
        defer { directory.remove() }
        let root = directory.path
        let store = directory.store()
        let network = try store.create(name: "ov", driver: .overlay, subnet: "10.78.0.0/24", peers: ["10.251.0.2", "10.251.0.3", "10.251.0.4"], vni: nil)
        #expect(network.vni == MultiHostLayout.defaultVNI(name: "ov"))
        let hostsFile = root + "/hosts"
        let local = AppNetworkMember(containerID: "aaaaaaaaaaaaaaaa", containerName: "a", address: IPv4Address(10, 78, 0, 2), interface: "eth0",
                                     hostLink: "cbenchaaaaaaav0", hostsFile: hostsFile, pid: nil, pidStartTime: nil)
        try store.saveMembers([local], of: "ov")
        try HostsFile.writeInPlace("", to: hostsFile, create: true)
        let remote = AppNetworkMember(containerID: "bbbbbbbbbbbbbbbb", containerName: "b", address: IPv4Address(10, 78, 0, 130), interface: "eth0",
                                      hostLink: "cbenchbbbbbbbv0", hostsFile: nil, pid: nil, pidStartTime: nil)
        let transport = FakeTransport()
        transport.answers["10.251.0.2"] = [remote]
        let networking = AppNetworking(store: store, host: RouteNetlink(socket: RecordingNetlinkSocket(responder: MultiHostNetworkTests.answer)),
                                       containerNetlink: { _ in throw CoreError(stage: "unused") })

        let warnings = networking.exchangeNames(networks: ["ov"], transport: transport)

        #expect(transport.sent.map(\.peer) == ["10.251.0.2", "10.251.0.4"], "every other peer, not itself (the fake host is 10.251.0.3)")
        #expect(transport.sent.allSatisfy { (sent: (network: String, from: String, members: [AppNetworkMember], peer: String)) in sent.from == "10.251.0.3" && sent.members.map(\.containerName) == ["a"] && sent.members[0].hostsFile == nil })
        #expect(warnings.count == 1 && warnings[0].contains("10.251.0.4") && warnings[0].contains("Connection timed out"))
        #expect(store.remoteMembers(of: "ov").map(\.containerName) == ["b"])
        let text = String(decoding: try FileIO.read(hostsFile), as: UTF8.self)
        #expect(text.contains("10.78.0.2\ta aaaaaaaaaaaa\n"))
        #expect(text.contains("10.78.0.130\tb bbbbbbbbbbbb\n"))

        // The peer's side: it keeps what we sent and answers with its own.
        let answer = try networking.acceptExchange(network: "ov", from: "10.251.0.4", members: [remote])
        #expect(answer.map(\.containerName) == ["a"])
        #expect(Set(store.remoteMembers(of: "ov").map(\.containerName)) == ["b"])
        let reply = PeerExchangeWire.marker + (try PeerExchangeWire.encode(answer))
        #expect(try PeerExchangeWire.members(inReply: "Warning: something\n" + reply + "\n") == answer)
        #expect(throws: CoreError.self) { _ = try PeerExchangeWire.members(inReply: "bash: cbench: command not found") }
        try store.saveMembers([], of: "ov")
        try store.remove("ov")
        #expect(store.remoteMembers(of: "ov").isEmpty)
    }

    @Test func multiHostNetworksNeedSubnetAndPeers() throws {
        let store = AppNetworkStore(root: "/nonexistent/cbench-networks", hostPrefixes: FixedHostPrefixes([]))
        #expect { try store.create(name: "ov", driver: .overlay, subnet: nil, peers: ["10.0.0.1"], vni: nil) } throws: { "\($0)".contains("give --subnet") }
        #expect { try store.create(name: "ov", driver: .routed, subnet: "10.78.0.0/24", peers: [], vni: nil) } throws: { "\($0)".contains("--peer") }
        #expect { try store.create(name: "ov", driver: .overlay, subnet: "10.78.0.0/24", peers: ["host1"], vni: nil) } throws: { "\($0)".contains("not an IPv4 address") }
        #expect { try store.create(name: "ov", driver: .overlay, subnet: "10.78.0.0/24", peers: ["10.0.0.1"], vni: 1 << 24) } throws: { "\($0)".contains("--vni") }
    }
}
