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

/// The relay between the destination's connection and CRIU's page server listening where CRIU
/// runs (here: on loopback in our own namespace): bytes cross both ways, and one side's end
/// reaches the other. Real sockets; no root needed.
struct PageServerRelayTests {
    @Test func bytesCrossBothWaysAndCRIUsEndReachesTheDestination() throws {
        let server = try ReservedPort.reserve(on: IPv4Address(127, 0, 0, 1), stage: "test")
        defer { server.release() }
        try server.listen()
        // The destination's connection: `ours` is the source's end, `theirs` the daemon's.
        let listener = try ReservedPort.reserve(on: IPv4Address(127, 0, 0, 1), stage: "test")
        defer { listener.release() }
        try listener.listen()
        let theirs = try PageServerConnection.connect(to: listener.pageServerAddress, stage: "test")
        defer { close(theirs) }
        let ours = try listener.accept(timeoutMilliseconds: 5_000)
        try PageServerRelay.start(destination: ours, toCRIUOn: server.port, inNamespace: nil, stage: "test")
        close(ours)
        let criu = try server.accept(timeoutMilliseconds: 5_000)
        var byte: UInt8 = 7
        #expect(write(theirs, &byte, 1) == 1)
        byte = 0
        #expect(read(criu, &byte, 1) == 1 && byte == 7, "the daemon's request reached criu")
        let page = [UInt8](repeating: 0xab, count: 3 << 20)
        #expect(page.withUnsafeBytes { PageServerRelay.writeAll(criu, Array($0), count: $0.count) })
        var received = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while received < page.count {
            let count = chunk.withUnsafeMutableBytes { read(theirs, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            #expect(chunk[0..<count].allSatisfy { $0 == 0xab })
            received += count
        }
        #expect(received == page.count, "criu's pages reached the daemon")
        close(criu)
        #expect(chunk.withUnsafeMutableBytes { read(theirs, $0.baseAddress, $0.count) } == 0, "criu's end reached the daemon")
    }
}
