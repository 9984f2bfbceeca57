import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

@Suite struct NetworkHostsFileTests {
    @Test func renderListsLocalhostThenEntries() {
        let text = HostsFile.render([HostsFile.Entry(address: "10.77.0.2", names: ["web", "abc"])])
        #expect(text == "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.77.0.2\tweb abc\n")
    }

    @Test func entriesPutSelfFirstAndEachPeerOnce() {
        func member(_ id: String, _ name: String, _ last: UInt8) -> AppNetworkMember {
            AppNetworkMember(containerID: id, containerName: name, address: IPv4Address(10, 77, 0, last), interface: "eth0",
                             hostLink: "x", hostsFile: nil, pid: nil, pidStartTime: nil)
        }
        let membership: [(network: String, members: [AppNetworkMember])] = [
            ("a", [member("1", "web", 2), member("2", "app", 3)]),
            ("b", [member("2", "app", 4), member("3", "db", 5)]),
            ("c", [member("4", "other", 6)]),
        ]
        let forApp = AppNetworking.hostsEntries(for: "2", membership: membership)
        #expect(forApp.map(\.address) == ["10.77.0.3", "10.77.0.4", "10.77.0.2", "10.77.0.5"])
        let forWeb = AppNetworking.hostsEntries(for: "1", membership: membership)
        #expect(forWeb.map { $0.names[0] } == ["web", "app"], "db shares no network with web")
    }

    @Test func writeInPlaceKeepsTheInodeAndShrinks() throws {
        let dir = try NetworkTestDirectory("network")
        defer { dir.remove() }
        let mount = try HostsFile.prepare(in: dir.path, mode: .none)
        #expect(mount.destination == "/etc/hosts" && mount.options.contains("ro"))
        let path = mount.source
        var before = stat()
        stat(path, &before)
        try HostsFile.writeInPlace(String(repeating: "x", count: 500), to: path)
        try HostsFile.writeInPlace("short\n", to: path)
        var after = stat()
        stat(path, &after)
        #expect(before.st_ino == after.st_ino)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "short\n")
        try HostsFile.writeInPlace("ignored", to: dir.path + "/missing")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/missing"))
    }
}
