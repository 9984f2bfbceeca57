#if canImport(Glibc)
import Glibc
#endif
import Testing
import Checkpoints
import JSONRecords
import NamespaceCore
@testable import AppContainers

/// A move's destination prepared before the source freezes: the remote command's word, the
/// stream's first line (the container's record) read alone, the launcher's lines, which restores
/// make the network namespace, and the namespace wired for the restore
/// (host end down, nothing recorded, undone on a failure).
@Suite struct AppPreparedRestoreTests {
    typealias Fixture = NetworkConnectTests.Fixture

    static let record = AppContainerRecord(id: String(repeating: "c", count: 64), name: "web", created: "now",
                                           config: AppContainerConfig(image: "busybox"), image: TemporaryAppStore.image)

    @Test func theDestinationIsAskedToPrepareAndSaysSoOnALineOfItsOwn() {
        for receivePages in [false, true] {
            #expect(AppMigrationToHost.remoteCommand(name: "web", tcpEstablished: false, receivePages: receivePages).hasSuffix(" --prepare"))
        }
        #expect(PreparedDestinationLine.line == "prepared\n")
        #expect(PreparedDestinationLine.isPrepared("prepared"))
        for other in ["prepared ", "pages 40123", "ready", ""] { #expect(!PreparedDestinationLine.isPrepared(other), "'\(other)'") }
    }

    @Test func theStreamsFirstLineIsReadAloneAndTheArchiveStaysInIt() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }
        let saved = AppCheckpointRecord(record: Self.record, attachments: [
            AppNetworkAttachment(network: "migov", interface: "eth0", address: "10.214.0.100/24", gateway: "10.214.0.1",
                                 hostLink: "cbenchcccccccv0", bridge: "cbr-1")])
        #expect(FileIO.writeAll(ends[1], try JSONRecord.encode(saved) + Array("\nthe archive".utf8)))
        close(ends[1])
        ends[1] = -1
        #expect(try AppRuntime.readPrelude("/proc/self/fd/\(ends[0])") == saved)
        #expect(String(decoding: try FileIO.readAll(fd: ends[0], limit: 100), as: UTF8.self) == "the archive")
    }

    @Test func aFileOrAStreamWithoutItsFirstLineIsRefused() throws {
        let scratch = try TemporaryAppStore()
        let file = "\(scratch.directory)/stream"
        try FileIO.write(file, Array("{}\n".utf8))
        let fromFile = #expect(throws: CoreError.self) { try AppRuntime.readPrelude(file) }
        #expect(fromFile?.errno == EINVAL, "a file would be read again from its start by the archive's reader")
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        _ = FileIO.writeAll(ends[1], Array("{\"record\"".utf8))
        close(ends[1])
        defer { close(ends[0]) }
        let cut = #expect(throws: CoreError.self) { try AppRuntime.readPrelude("/proc/self/fd/\(ends[0])") }
        #expect("\(cut.map { "\($0)" } ?? "")".contains("ended before its first line"))
    }

    @Test func theLaunchersWordsAreOneLineEach() throws {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { pair.forEach { _ = close($0) } }
        AppPreparedLaunch.send("error restore web: no such network\nsecond line", to: pair[0])
        AppPreparedLaunch.send(AppPreparedLaunch.prepared, to: pair[0])
        var lines = LineReader(fd: pair[1])
        #expect(lines.next() == "error restore web: no such network second line\n")
        #expect(lines.next() == "prepared\n")
        close(pair[1])
        pair[1] = -1
        AppPreparedLaunch.send(AppPreparedLaunch.go, to: pair[0])
    }

    @Test func theRestoreMakesTheNamespaceOnlyForATreeWithOneOfItsOwn() {
        var own = LaunchSpec(args: ["sh"])
        own.namespaces = [NamespaceSpec(.mount), NamespaceSpec(.pid), NamespaceSpec(.network)]
        var host = own
        host.namespaces.removeAll { $0.kind == .network }
        var joined = own
        joined.namespaces = [NamespaceSpec(.mount), NamespaceSpec(.network, path: "/proc/1/ns/net")]
        var userns = own
        userns.namespaces.append(NamespaceSpec(.user))
        #expect(AppRestorePreparation.makesNamespace(for: own))
        for spec in [host, joined, userns] { #expect(!AppRestorePreparation.makesNamespace(for: spec), "\(spec.namespaces)") }
        // What a move's dump leaves out is what the restore makes.
        let held = AppCheckpointOptions(imagesPassThrough: true, sendPages: PageServerAddress(address: "10.251.0.3", port: 40123),
                                        networkOutsideImages: true)
        for spec in [own, host, joined, userns] {
            #expect(held.dumpRunsInNetworkNamespace(of: spec) == AppRestorePreparation.makesNamespace(for: spec), "\(spec.namespaces)")
        }
    }

    /// A network `PREFIX.0/24` made in the fixture's store, and a checkpoint's attachment to it at `PREFIX.host`.
    static func network(_ name: String, _ prefix: String, host: Int, link: String, in f: Fixture) throws -> (AppNetwork, AppNetworkAttachment) {
        let network = try f.store.create(name: name, subnet: "\(prefix).0/24")
        return (network, AppNetworkAttachment(network: name, interface: "eth0", address: "\(prefix).\(host)/24", gateway: "\(prefix).1",
                                              hostLink: link, bridge: network.bridge))
    }

    /// The set-up requests (`ip link set up`) the fake saw, by link index.
    static func raised(_ fake: FakeNetlinkLinks) -> [Int32] {
        fake.socket.requests.compactMap { request in
            guard request.type == Netlink.newLink, request.flags & Netlink.create == 0,
                  let info = InterfaceInfoMessage.decode(request.payload),
                  info.change & Netlink.interfaceUp != 0, info.flags & Netlink.interfaceUp != 0 else { return nil }
            return info.index
        }
    }

    @Test func theNamespaceIsWiredWithTheHostEndDownAndNothingRecorded() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let (network, attachment) = try Self.network("front", "10.77.50", host: 9, link: "cbench4444v0", in: f)
        let links = try f.networking.wireForRestore([attachment], containerID: "4444", namespace: 3, inside: f.inside.netlink)
        #expect(links == ["cbench4444v0"])
        #expect(f.host.created == [network.bridge, "cbench4444v0"])
        let hostEnd = Int32((f.host.names.firstIndex(of: "cbench4444v0") ?? -1) + 1)
        #expect(!Self.raised(f.host).contains(hostEnd), "down until CRIU's post-restore")
        #expect(f.inside.requests.filter { $0 == Netlink.newAddress }.count == 1)
        #expect(Self.raised(f.inside).contains(Int32((f.inside.names.firstIndex(of: "eth0") ?? -1) + 1)), "eth0 up inside")
        #expect(try f.store.members(of: "front").isEmpty, "recorded once the tree runs (completeRejoin)")
    }

    @Test func aFailureInsideLeavesNoHostEndAndATakenAddressMakesNothing() throws {
        let f = try Fixture()
        defer { f.dir.remove() }
        let (_, attachment) = try Self.network("back", "10.77.51", host: 2, link: "cbench5555v0", in: f)
        f.inside.failing = Netlink.newAddress
        #expect(throws: CoreError.self) {
            try f.networking.wireForRestore([attachment], containerID: "5555", namespace: 3, inside: f.inside.netlink)
        }
        #expect(f.host.deleted.contains("cbench5555v0") && !f.host.present.contains("cbench5555v0"))
        f.inside.failing = nil
        _ = try f.networking.connect(containerID: "6666", name: "other", networks: ["back"], pid: getpid(), hostsFile: nil,
                                     address: IPv4Address("10.77.51.2"))
        let taken = #expect(throws: CoreError.self) {
            try f.networking.wireForRestore([attachment], containerID: "5555", namespace: 3, inside: f.inside.netlink)
        }
        #expect(taken?.errno == EADDRINUSE)
        #expect(f.host.created.filter { $0 == "cbench5555v0" }.count == 1, "no second veth")
    }
}
