#if canImport(Glibc)
import Glibc
#endif
import SwiftProtobuf
import Testing
import NamespaceCore
@testable import Checkpoints

/// A page server's connection made by cbench in the host's network namespace and handed to
/// CRIU (which may run inside the container's own): the dump's request names it by its number
/// in CRIU's process, the lazy-pages daemon takes it with `--ps-socket`, and the port a
/// migration holds listens for the destination and hands its connection over. Real sockets on
/// loopback; no root needed.
struct PageServerConnectionTests {
    static let layout = ContainerCheckpointLayout.from(spec: LaunchSpec(args: ["/sbin/init"]), rootfs: "/r", cgroupPath: "c",
                                                       freezerDirectory: nil, kindOf: { _ in nil }, namespaceInode: { _ in nil })

    @Test func aDumpWithAConnectionNamesItsNumberInCRIUsProcessBesideTheAddress() throws {
        var options = CheckpointOptions(imagePath: "/images")
        options.lazyPages = true
        options.pageServer = try PageServerAddress(parsing: "10.0.0.1:27000")
        options.pageServerSocket = 17
        let request = Self.layout.dumpRequest(pid: 1, options: options, stdio: StdioDescriptors(entries: []))
        #expect(request.pageServerSocket == CRIURequest.pageServerSocketNumber)
        let message = try request.message(imagesFD: 3, workFD: nil)
        #expect(message.options.pageServer.fd == CRIURequest.pageServerSocketNumber)
        #expect(message.options.pageServer.address == "10.0.0.1" && message.options.pageServer.port == 27000)
    }

    @Test func aConfigFileGoesIntoTheRequest() throws {
        var options = CheckpointOptions(imagePath: "/images")
        options.lazyPages = true
        options.configFile = "/run/s/criu-page-socket.conf"
        let message = try Self.layout.dumpRequest(pid: 1, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(message.options.configFile == "/run/s/criu-page-socket.conf")
        let plain = try Self.layout.dumpRequest(pid: 1, options: CheckpointOptions(imagePath: "/images"), stdio: StdioDescriptors(entries: []))
            .message(imagesFD: 3, workFD: nil)
        #expect(!plain.options.hasConfigFile)
    }

    @Test func aDumpWithoutAConnectionSetsNoDescriptor() throws {
        var options = CheckpointOptions(imagePath: "/images")
        options.pageServer = try PageServerAddress(parsing: "10.0.0.1:27000")
        let message = try Self.layout.dumpRequest(pid: 1, options: options, stdio: StdioDescriptors(entries: [])).message(imagesFD: 3, workFD: nil)
        #expect(!message.options.pageServer.hasFd && message.options.pageServer.port == 27000)
        let none = try Self.layout.dumpRequest(pid: 1, options: CheckpointOptions(imagePath: "/images"), stdio: StdioDescriptors(entries: []))
            .message(imagesFD: 3, workFD: nil)
        #expect(!none.options.hasPageServer)
    }

    @Test func aRestoreInANamespaceMadeForItSkipsCRIUsNetworkLock() throws {
        var options = RestoreOptions(imagePath: "/images")
        #expect(Self.layout.restoreRequest(root: "/x", options: options, stdio: StdioDescriptors(entries: []), cgroupRoots: []).networkLock == nil)
        options.networkLock = .skip
        #expect(Self.layout.restoreRequest(root: "/x", options: options, stdio: StdioDescriptors(entries: []), cgroupRoots: []).networkLock == .skip)
    }

    @Test func theLazyPagesDaemonTakesAConnectionOrAnAddress() {
        let address = PageServerAddress(address: "10.0.0.1", port: 27000)
        let connected = CRIUService.lazyPagesArguments(executable: "criu", imageDirectory: "/i", workDirectory: nil, source: address, connected: true)
        #expect(connected.starts(with: ["criu", "lazy-pages", "--page-server", "--ps-socket", String(CRIUService.lazyPagesConnectionNumber)]))
        #expect(!connected.contains("--address"))
        let dialled = CRIUService.lazyPagesArguments(executable: "criu", imageDirectory: "/i", workDirectory: "/w", source: address, connected: false)
        #expect(dialled.starts(with: ["criu", "lazy-pages", "--page-server", "--address", "10.0.0.1", "--port", "27000"]))
        #expect(dialled.contains("/w"))
        let local = CRIUService.lazyPagesArguments(executable: "criu", imageDirectory: "/i", workDirectory: nil, source: nil, connected: false)
        #expect(!local.contains("--page-server"))
    }

    @Test func theHeldPortListensAndHandsOverTheDestinationsConnection() throws {
        let held = try ReservedPort.reserve(on: IPv4Address(127, 0, 0, 1), stage: "test")
        defer { held.release() }
        try held.listen()
        let dialled = try PageServerConnection.connect(to: held.pageServerAddress, stage: "test")
        defer { close(dialled) }
        let accepted = try held.accept(timeoutMilliseconds: 5_000)
        defer { close(accepted) }
        #expect(fcntl(accepted, F_GETFD) & FD_CLOEXEC != 0 && fcntl(dialled, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(dialled, F_GETFL) & O_NONBLOCK == 0, "CRIU reads it blocking")
        var byte: UInt8 = 42
        #expect(write(dialled, &byte, 1) == 1)
        byte = 0
        #expect(read(accepted, &byte, 1) == 1 && byte == 42)
    }

    @Test func noPeerWithinTheWaitIsAnErrorAndARefusedConnectionNamesTheAddress() throws {
        let held = try ReservedPort.reserve(on: IPv4Address(127, 0, 0, 1), stage: "test")
        try held.listen()
        #expect(throws: CheckpointError.self) { _ = try held.accept(timeoutMilliseconds: 20) }
        let address = held.pageServerAddress
        held.release()
        do {
            _ = try PageServerConnection.connect(to: address, stage: "test")
            Issue.record("a closed port took the connection")
        } catch {
            #expect(error.errno == ECONNREFUSED && "\(error)".contains("\(address)"), "\(error)")
        }
    }
}

