#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore

/// A fresh directory under /tmp/cbench-* (the leak check sees one left behind).
private func scratchDirectory() throws -> String {
    var template = Array("/tmp/cbench-fileio-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: try #require(made))
}

@Suite struct FileIOTreeTests {
    @Test func containsNameStopsAtTheFirstMatchAndSeesNoDots() throws {
        let directory = try scratchDirectory()
        defer { try? FileIO.removeTree(directory) }
        for name in ["own", "monitor.sock"] { try FileIO.write(directory + "/" + name, []) }
        let other: (String) -> Bool = { $0 != "own" && !$0.hasPrefix("monitor.") }
        #expect(!FileIO.containsName(in: directory, where: other), "only the own entry and the monitor's")
        #expect(!FileIO.containsName(in: directory) { $0 == "." || $0 == ".." })
        for index in 0..<50 { try FileIO.write(directory + "/other-\(index)", []) }
        var asked = 0
        #expect(FileIO.containsName(in: directory) { name in
            asked += 1
            return other(name)
        })
        #expect(asked <= 3, "stops at the first other entry, after at most the two that are not: \(asked)")
        #expect(!FileIO.containsName(in: directory + "/missing") { _ in true })
    }

    @Test func namesLeaveOutDotsAndDirectoryNamesOnlyDirectories() throws {
        let directory = try scratchDirectory()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/sub/deeper")
        try FileIO.write(directory + "/file", [])
        #expect(symlink("sub", directory + "/link") == 0)
        #expect(try FileIO.names(in: directory).sorted() == ["file", "link", "sub"])
        #expect(try FileIO.directoryNames(in: directory) == ["sub"])
        let fd = open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        #expect(try FileIO.names(inDirectory: fd, shown: directory).sorted() == ["file", "link", "sub"])
        #expect(try FileIO.names(inDirectory: fd, shown: directory).count == 3, "a second listing starts from the top again")
        let error = #expect(throws: CoreError.self) { try FileIO.names(in: directory + "/missing") }
        #expect(error?.kind == .notFound)
    }

    @Test func makeDirectoriesMakesEveryLevelWithTheMode() throws {
        let directory = try scratchDirectory()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/a/b/c", mode: 0o700)
        try FileIO.makeDirectories(directory + "/a/b/c", mode: 0o700)
        var info = stat()
        #expect(stat(directory + "/a/b/c", &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func readAllReadsToTheEndFromTheOffset() throws {
        let directory = try scratchDirectory()
        defer { try? FileIO.removeTree(directory) }
        let bytes = (0..<40_000).map { UInt8($0 % 251) }
        try FileIO.write(directory + "/data", bytes)
        let fd = open(directory + "/data", O_RDONLY)
        defer { close(fd) }
        #expect(try FileIO.readAll(fd: fd) == bytes)
        #expect(lseek(fd, 100, SEEK_SET) == 100)
        #expect(try FileIO.readAll(fd: fd, limit: 10) == Array(bytes[100..<110]))
    }

    @Test func removeTreeRemovesASymlinkToOutsideAsALink() throws {
        let outside = try scratchDirectory()
        let inside = try scratchDirectory()
        defer {
            try? FileIO.removeTree(inside)
            try? FileIO.removeTree(outside)
        }
        try FileIO.write(outside + "/keep", Array("precious".utf8))
        try FileIO.makeDirectories(inside + "/tree/deeper")
        try FileIO.write(inside + "/tree/deeper/file", [1, 2, 3])
        #expect(symlink(outside, inside + "/tree/to-outside") == 0)
        #expect(symlink(outside, inside + "/tree/deeper/also-outside") == 0)

        try FileIO.removeTree(inside + "/tree")
        #expect(access(inside + "/tree", F_OK) != 0, "the tree is gone")
        #expect(FileIO.contents(outside + "/keep") == "precious", "nothing behind a symlink was touched")

        #expect(symlink(outside, inside + "/top-link") == 0)
        try FileIO.removeTree(inside + "/top-link")
        #expect(FileIO.contents(outside + "/keep") == "precious", "a symlink given itself is removed as a link")
        try FileIO.removeTree(inside + "/missing")
    }

    @Test func removeContentsKeepsTheDirectory() throws {
        let directory = try scratchDirectory()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/a/b")
        try FileIO.write(directory + "/a/b/c", [])
        try FileIO.write(directory + "/d", [])
        try FileIO.removeContents(of: directory)
        #expect(try FileIO.names(in: directory) == [])
    }
}
