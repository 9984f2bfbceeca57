#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// FileIO.removeTree never crosses into another mount, whether another file system or a
/// bind mount of the same one, and leaves what is mounted there untouched.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0, "needs root to mount"))
struct FileIORemoveTreeMountTests {
    private func scratchDirectory() throws -> String {
        var template = Array("/tmp/cbench-removetree-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: try #require(made))
    }

    @Test func aTmpfsMountedInsideIsNotCrossed() throws {
        let directory = try scratchDirectory()
        try FileIO.makeDirectories(directory + "/tree/mounted")
        try FileIO.write(directory + "/tree/sibling", [])
        try #require(mount("tmpfs", directory + "/tree/mounted", "tmpfs", 0, "size=1m") == 0, "mount tmpfs: \(errno)")
        defer {
            umount2(directory + "/tree/mounted", Int32(MNT_DETACH))
            try? FileIO.removeTree(directory)
        }
        try FileIO.write(directory + "/tree/mounted/on-tmpfs", Array("kept".utf8))

        let error = #expect(throws: CoreError.self) { try FileIO.removeTree(directory + "/tree") }
        #expect(error?.errno == EBUSY)
        #expect(error?.stage == "remove \(directory)/tree/mounted")
        #expect(FileIO.contents(directory + "/tree/mounted/on-tmpfs") == "kept", "nothing on the mount was removed")

        let top = #expect(throws: CoreError.self) { try FileIO.removeTree(directory + "/tree/mounted") }
        #expect(top?.errno == EBUSY, "a mount point given itself is refused too")
        #expect(FileIO.contents(directory + "/tree/mounted/on-tmpfs") == "kept")
    }

    @Test func aBindMountOfTheSameFileSystemIsNotCrossed() throws {
        let directory = try scratchDirectory()
        try FileIO.makeDirectories(directory + "/source")
        try FileIO.makeDirectories(directory + "/tree/bound")
        try FileIO.write(directory + "/source/precious", Array("kept".utf8))
        try #require(mount(directory + "/source", directory + "/tree/bound", nil, UInt(MS_BIND), nil) == 0, "bind mount: \(errno)")
        defer {
            umount2(directory + "/tree/bound", Int32(MNT_DETACH))
            try? FileIO.removeTree(directory)
        }
        var source = stat(), bound = stat()
        try #require(stat(directory + "/source", &source) == 0 && stat(directory + "/tree/bound", &bound) == 0)
        try #require(source.st_dev == bound.st_dev, "the same file system on both sides: only the mount-root check can see it")

        let error = #expect(throws: CoreError.self) { try FileIO.removeTree(directory + "/tree") }
        #expect(error?.errno == EBUSY)
        #expect(FileIO.contents(directory + "/source/precious") == "kept", "the bind mount's source was not emptied")

        #expect(umount2(directory + "/tree/bound", Int32(MNT_DETACH)) == 0)
        try FileIO.removeTree(directory)
        #expect(access(directory, F_OK) != 0, "with the mount gone, everything goes")
    }
}
