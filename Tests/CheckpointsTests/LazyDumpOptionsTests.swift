#if canImport(Glibc)
import Glibc
#endif
import SwiftProtobuf
import Testing
import NamespaceCore
@testable import Checkpoints

/// Post-copy's dump leaves the tree to run (CRIU then writes back the FROZEN it found, so the
/// tree outlives CRIU's end, frozen), serves its pages over the destination's connection, and
/// names that connection in a config file.
struct LazyDumpOptionsTests {
    @Test func aLazyDumpLeavesTheTreeToTheCallerAndServesOverTheConnection() throws {
        var template = Array("/tmp/cbench-lazyopts-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileIO.removeTree(directory) }
        var options = CheckpointOptions(imagePath: "/images")
        let address = PageServerAddress(address: "10.0.0.1", port: 27000)
        try options.serveLazily(at: address, over: 17, configPath: "\(directory)/criu.conf")
        #expect(options.leaveRunning && options.lazyPages && options.pageServer == address && options.pageServerSocket == 17)
        let config = String(decoding: try FileIO.read("\(directory)/criu.conf", limit: 64), as: UTF8.self)
        #expect(config == "ps-socket \(CRIURequest.pageServerSocketNumber)\n")
        let message = try PageServerConnectionTests.layout.dumpRequest(pid: 1, options: options, stdio: StdioDescriptors(entries: []))
            .message(imagesFD: 3, workFD: nil)
        #expect(message.options.leaveRunning && message.options.lazyPages)
        #expect(message.options.configFile == "\(directory)/criu.conf")
    }
}
