#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore

@Suite struct FileIOReadFullyTests {
    /// Two short writes into a pipe arrive as two reads; the buffer is filled from both.
    @Test func fillsTheBufferAcrossShortReads() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        #expect(FileIO.writeAll(ends[1], [1, 2, 3]))
        #expect(FileIO.writeAll(ends[1], [4, 5, 6, 7]))
        var buffer = [UInt8](repeating: 0, count: 5)
        let got = try buffer.withUnsafeMutableBytes { try FileIO.readFully(ends[0], into: $0, shown: "pipe") }
        #expect(got == 5)
        #expect(buffer == [1, 2, 3, 4, 5])
        close(ends[1])
        var rest = [UInt8](repeating: 0, count: 8)
        let left = try rest.withUnsafeMutableBytes { try FileIO.readFully(ends[0], into: $0, shown: "pipe") }
        #expect(left == 2, "the end of the pipe stops the read short")
        #expect(rest.prefix(2) == [6, 7])
    }

    @Test func aReadErrorNamesTheDescriptorAndErrno() {
        var buffer = [UInt8](repeating: 0, count: 4)
        let error = #expect(throws: CoreError.self) {
            try buffer.withUnsafeMutableBytes { try FileIO.readFully(-1, into: $0, shown: "the launch pipe") }
        }
        #expect(error?.stage == "read the launch pipe")
        #expect(error?.errno == EBADF)
    }
}
