@testable import Archive
import CArchive
import CShim
import Foundation
import NamespaceCore
import Testing

@Suite struct ArchivePathTests {
    @Test func leadingSlashesAndDotsAreDropped() throws {
        let path = try ArchivePath("/./etc//passwd")
        #expect(path.relative == "etc/passwd")
        #expect(path.wasAbsolute)
        #expect(path.parent == ["etc"])
        #expect(try ArchivePath("./").isRoot)
    }

    @Test func dotDotIsRefusedNamingTheEntry() {
        let error = #expect(throws: CoreError.self) { try ArchivePath("a/../../x", what: "layer") }
        #expect(error?.stage == "layer entry 'a/../../x'")
    }

    @Test func belowADirectory() throws {
        #expect(try ArchivePath("rootfs/etc/hosts").below("rootfs")?.relative == "etc/hosts")
        #expect(try ArchivePath("rootfs").below("rootfs")?.isRoot == true)
        #expect(try ArchivePath("rootfsx/a").below("rootfs") == nil)
    }
}

/// A tree written with `ArchiveWriter` and read back with `ArchiveReader` into an
/// `ArchiveDiskWriter`: what the one extraction policy keeps, and what it refuses.
@Suite struct ArchiveRoundTripTests {
    struct Scratch {
        let path = "/tmp/archive-test-\(UUID().uuidString.prefix(8))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    func packed(_ source: String, to file: String, compression: ArchiveWriter.Compression,
                extra: [(String, [UInt8])] = []) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let writer = try ArchiveWriter(output: fd, compression: compression, what: file)
        for (name, bytes) in extra { try writer.addFile(named: name, bytes: bytes) }
        try writer.addTree(source) { (entry, relative) throws(CoreError) -> Bool in
            entry.pathname = relative
            try writer.writeHeader(entry)
            return true
        }
        try writer.finish()
    }

    @Test(arguments: ArchiveWriter.Compression.allCases)
    func modesTimesXattrsAndHardLinksSurvive(compression: ArchiveWriter.Compression) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = scratch.path + "/source"
        try FileManager.default.createDirectory(atPath: source + "/bin", withIntermediateDirectories: true)
        try "tool".write(toFile: source + "/bin/tool", atomically: false, encoding: .utf8)
        #expect(chmod(source + "/bin/tool", 0o4750) == 0)
        #expect(link(source + "/bin/tool", source + "/bin/alias") == 0)
        #expect(setxattr(source + "/bin/tool", "user.note", "kept", 4, 0) == 0)
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, source + "/bin/tool", &times, 0) == 0)
        try packed(source, to: scratch.path + "/tree.tar", compression: compression)
        #expect(ArchiveReader.isArchive(scratch.path + "/tree.tar"))

        let target = scratch.path + "/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let reader = try ArchiveReader(path: scratch.path + "/tree.tar")
        try ArchiveDiskWriter(root: target).extractAll(from: reader, what: "test") { (_, path) in path }

        var tool = stat()
        var alias = stat()
        #expect(lstat(target + "/bin/tool", &tool) == 0 && lstat(target + "/bin/alias", &alias) == 0)
        #expect(tool.st_mode & 0o7777 == 0o4750)
        #expect(tool.st_mtim.tv_sec == 1_700_000_000)
        #expect(tool.st_ino == alias.st_ino)
        var value = [UInt8](repeating: 0, count: 16)
        #expect(getxattr(target + "/bin/tool", "user.note", &value, value.count) == 4)
        #expect(Array(value.prefix(4)) == Array("kept".utf8))
    }

    @Test func aRelocatedTreeGoesToItsOwnDirectoryAndTheRestBelowTheRoot() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let source = scratch.path + "/source"
        try FileManager.default.createDirectory(atPath: source + "/rootfs/etc", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: source + "/checkpoint", withIntermediateDirectories: true)
        try "host".write(toFile: source + "/rootfs/etc/hostname", atomically: false, encoding: .utf8)
        try "image".write(toFile: source + "/checkpoint/core-1.img", atomically: false, encoding: .utf8)
        try packed(source, to: scratch.path + "/tree.tar", compression: .none)
        let target = scratch.path + "/target", elsewhere = scratch.path + "/run/images"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)

        let reader = try ArchiveReader(path: scratch.path + "/tree.tar")
        try ArchiveDiskWriter(root: target, relocated: ["checkpoint": elsewhere]).extractAll(from: reader, what: "test") { (_, path) in path }

        #expect(try String(contentsOfFile: target + "/rootfs/etc/hostname", encoding: .utf8) == "host")
        #expect(try String(contentsOfFile: elsewhere + "/core-1.img", encoding: .utf8) == "image")
        #expect(access(target + "/checkpoint", F_OK) != 0)
    }

    @Test func onlyAnEntryWhoseFirstComponentIsRelocatedGoesElsewhere() throws {
        let writer = try ArchiveDiskWriter(root: "/var/lib/x", relocated: ["checkpoint": "/run/x/images"])
        #expect(writer.place(try ArchivePath("checkpoint")) == "/run/x/images")
        #expect(writer.place(try ArchivePath("./checkpoint/pages-1.img")) == "/run/x/images/pages-1.img")
        #expect(writer.place(try ArchivePath("checkpoints/a")) == "/var/lib/x/checkpoints/a")
        #expect(writer.place(try ArchivePath("rootfs/checkpoint/a")) == "/var/lib/x/rootfs/checkpoint/a")
    }

    @Test func aHardLinkLeadingOutIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fd = open(scratch.path + "/tree.tar", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        let writer = try ArchiveWriter(output: fd, compression: .gzip, what: "test")
        try writer.addFile(named: "outside", bytes: Array("x".utf8))
        let link = try #require(archive_entry_new())
        defer { archive_entry_free(link) }
        archive_entry_set_pathname(link, "rootfs/inside")
        archive_entry_set_filetype(link, EntryType.regular)
        archive_entry_set_hardlink(link, "outside")
        try writer.writeHeader(ArchiveEntry(link))
        try writer.finish()
        close(fd)
        try FileManager.default.createDirectory(atPath: scratch.path + "/target", withIntermediateDirectories: true)

        let reader = try ArchiveReader(path: scratch.path + "/tree.tar")
        let error = #expect(throws: CoreError.self) {
            try ArchiveDiskWriter(root: scratch.path + "/target").extractAll(from: reader, what: "test") { (_, path) in
                path.below("rootfs")
            } relocateLink: { link in
                link.below("rootfs")
            }
        }
        #expect(error?.stage == "test entry 'rootfs/inside'")
        #expect(error?.detail?.contains("hard link to 'outside'") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/target").isEmpty)
    }

    @Test func smallFilesReadWholeAndTextIsNoArchive() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/empty", withIntermediateDirectories: true)
        try packed(scratch.path + "/empty", to: scratch.path + "/files.tar.gz", compression: .gzip, extra: [("config", Array("a = b\n".utf8))])
        let reader = try ArchiveReader(path: scratch.path + "/files.tar.gz")
        let entry = try #require(try reader.nextEntry())
        #expect(entry.pathname == "config")
        #expect(try reader.readAll(entry, limit: 100, stage: "read config") == Array("a = b\n".utf8))
        #expect(try reader.nextEntry() == nil)

        try "just text\n".write(toFile: scratch.path + "/plain.txt", atomically: false, encoding: .utf8)
        #expect(!ArchiveReader.isArchive(scratch.path + "/plain.txt"))
    }
}
