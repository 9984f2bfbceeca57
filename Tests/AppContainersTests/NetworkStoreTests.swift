import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct NetworkStoreTests {
    @Test func createPicksAFreeSubnetAvoidingHostRoutesAndOtherNetworks() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let store = dir.store(occupied: ["10.77.0.0/24", "10.77.1.128/25", "0.0.0.0/0", "192.168.1.0/24"])
        let first = try store.create(name: "web")
        #expect(first.subnet == "10.77.2.0/24")
        #expect(first.gateway == "10.77.2.1")
        #expect(first.bridge.hasPrefix("cbench") && first.bridge.count == 15)
        let second = try store.create(name: "db")
        #expect(second.subnet == "10.77.3.0/24")
        #expect(try store.list().map(\.name) == ["db", "web"])
        #expect(try store.inspect("web") == first)
    }

    @Test func givenSubnetIsCheckedForOverlaps() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let store = dir.store(occupied: ["172.16.0.0/12"])
        let made = try store.create(name: "a", subnet: "10.99.5.7/24")
        #expect(made.subnet == "10.99.5.0/24")
        let onHost = #expect(throws: CoreError.self) { try store.create(name: "b", subnet: "172.20.0.0/24") }
        #expect(onHost?.description.contains("overlaps 172.16.0.0/12 on this host") == true, "\(String(describing: onHost))")
        let onNetwork = #expect(throws: CoreError.self) { try store.create(name: "c", subnet: "10.99.0.0/16") }
        #expect(onNetwork?.description.contains("overlaps network a") == true, "\(String(describing: onNetwork))")
        #expect(try store.list().map(\.name) == ["a"], "nothing half-made")
    }

    @Test func badNamesAndSubnetsAreOneLineErrors() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let store = dir.store()
        let cases: [(String, String?, String)] = [
            ("none", nil, "built-in network mode"),
            ("host", nil, "built-in network mode"),
            ("-x", nil, "not a valid network name"),
            ("a/b", nil, "not a valid network name"),
            ("ok", "10.1.2.3", "expected an IPv4 network"),
            ("ok", "10.1.2.0/31", "expected an IPv4 network"),
            ("ok", "127.0.0.0/24", "loopback"),
        ]
        for (name, subnet, expected) in cases {
            let error = #expect(throws: CoreError.self) { try store.create(name: name, subnet: subnet) }
            #expect(error?.description.contains(expected) == true, "\(name) \(subnet ?? ""): \(String(describing: error))")
            #expect(error?.description.contains("\n") == false)
        }
        try store.create(name: "dup")
        let duplicate = #expect(throws: CoreError.self) { try store.create(name: "dup") }
        #expect(duplicate?.description.contains("already exists") == true)
        #expect(try store.list().map(\.name) == ["dup"])
    }

    @Test func unknownNetworkIsAnErrorBeforeAnythingIsMade() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let store = dir.store()
        try store.create(name: "known")
        let error = #expect(throws: CoreError.self) { try AppNetworking.resolve(["known", "nope"], store: store) }
        #expect(error?.description.contains("no such network") == true, "\(String(describing: error))")
        #expect(try AppNetworking.resolve([], store: store) == .none)
        #expect(try AppNetworking.resolve(["none"], store: store) == .none)
        #expect(try AppNetworking.resolve(["host"], store: store) == .host)
        #expect(try AppNetworking.resolve(["known"], store: store) == .networks(["known"]))
        #expect(throws: CoreError.self) { try AppNetworking.resolve(["host", "known"], store: store) }
        #expect(throws: CoreError.self) { try AppNetworking.resolve(["known", "known"], store: store) }
        #expect(AppNetworkMode.host.needsOwnNetworkNamespace == false)
        #expect(AppNetworkMode.none.needsOwnNetworkNamespace)
    }

    @Test func removeIsRefusedWhileContainersAreAttached() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let store = dir.store()
        try store.create(name: "busy")
        let member = AppNetworkMember(containerID: "abc", containerName: "web", address: IPv4Address(10, 77, 0, 2),
                                      interface: "eth0", hostLink: "cbenchabcv0", hostsFile: nil, pid: nil, pidStartTime: nil)
        try store.saveMembers([member], of: "busy")
        let error = #expect(throws: CoreError.self) { try store.remove("busy") }
        #expect(error?.description.contains("in use by web") == true, "\(String(describing: error))")
        try store.saveMembers([], of: "busy")
        var deletedBridge: String?
        try store.remove("busy") { deletedBridge = $0 }
        #expect(deletedBridge?.hasPrefix("cbench") == true)
        #expect(try store.list().isEmpty)
        #expect(throws: CoreError.self) { try store.remove("busy") }
    }
}
