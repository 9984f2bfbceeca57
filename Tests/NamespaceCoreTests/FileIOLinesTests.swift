#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// `FileIO.readLine` takes one line from a pipe and not a byte more, so that another reader
/// goes on with the rest (a move's stream: request lines, then the archive).
struct FileIOLinesTests {
    @Test func aLineIsReadWithoutItsNewlineAndTheRestIsLeftInThePipe() throws {
        let pipe = try FileIO.closeOnExecPipe(stage: "test")
        defer { close(pipe.read) }
        #expect(FileIO.writeAll(pipe.write, Array("pre-dump 1\nARCHIVE".utf8)))
        close(pipe.write)
        #expect(FileIO.readTextLine(pipe.read) == "pre-dump 1")
        #expect(try FileIO.readAll(fd: pipe.read) == Array("ARCHIVE".utf8))
    }

    @Test func theEndBeforeANewlineIsNil() throws {
        let pipe = try FileIO.closeOnExecPipe(stage: "test")
        defer { close(pipe.read) }
        #expect(FileIO.writeAll(pipe.write, Array("half".utf8)))
        close(pipe.write)
        #expect(FileIO.readLine(pipe.read) == nil)
    }

    @Test func nothingWithinTheTimeoutIsNil() throws {
        let pipe = try FileIO.closeOnExecPipe(stage: "test")
        defer { close(pipe.read); close(pipe.write) }
        #expect(FileIO.readTextLine(pipe.read, timeoutMilliseconds: 10) == nil)
        #expect(FileIO.writeAll(pipe.write, Array("ready\n".utf8)))
        #expect(FileIO.readTextLine(pipe.read, timeoutMilliseconds: 10_000) == "ready")
    }
}
