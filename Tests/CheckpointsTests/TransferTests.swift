import Glibc
import Testing
import NamespaceCore
@testable import Checkpoints

/// The one-host image transfer copies the tree, pre-dump parents' symlinks included.
struct TransferTests {
    @Test func theTreeIsCopiedWithItsLinksAndSizeCounted() throws {
        var template = Array("/tmp/cbench-cktx-XXXXXX".utf8CString)
        let base = String(cString: try #require(mkdtemp(&template)))
        defer { _ = HostCommandRunner().run(["rm", "-rf", base]) }
        try FileIO.makeDirectories("\(base)/src/pre-1")
        try FileIO.write("\(base)/src/pages-1.img", [UInt8](repeating: 1, count: 100_000))
        try FileIO.write("\(base)/src/pre-1/pages-1.img", [1, 2, 3])
        #expect(symlink("../pre-1", "\(base)/src/parent") == 0)
        let moved = try LocalImageTransfer().transfer(from: "\(base)/src", to: "\(base)/dst")
        #expect(moved == 100_003)
        #expect(try FileIO.read("\(base)/dst/pre-1/pages-1.img") == [1, 2, 3])
        #expect(StdioDescriptors.readLink("\(base)/dst/parent") == "../pre-1")
        #expect(throws: CheckpointError.self) { _ = try LocalImageTransfer().transfer(from: "\(base)/src", to: "\(base)/dst") }
    }
}
