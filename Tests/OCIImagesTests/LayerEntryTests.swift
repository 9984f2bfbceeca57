import Foundation
import Testing
@testable import OCIImages

@Suite("Layer application: file kinds and metadata")
struct LayerEntryTests {
    @Test func hardLinksShareTheInode() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let layer = try LayerWhiteoutTests.applied([.file("bin/busybox", "elf"), .hardlink("bin/sh", to: "bin/busybox")], in: scratch)
        let first = try #require(Probe.stat(layer + "/bin/busybox"))
        let second = try #require(Probe.stat(layer + "/bin/sh"))
        #expect(first.st_ino == second.st_ino)
        #expect(first.st_nlink == 2)
    }

    @Test func deviceNodesFifosAndSymlinks() throws {
        try #require(getuid() == 0, "device nodes need root")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let layer = try LayerWhiteoutTests.applied([
            .characterDevice("dev/null", major: 1, minor: 3), .fifo("run/pipe"), .symlink("etc/localtime", to: "/usr/share/zoneinfo/UTC"),
        ], in: scratch)
        let null = try #require(Probe.stat(layer + "/dev/null"))
        #expect(null.st_mode & S_IFMT == S_IFCHR)
        #expect(null.st_rdev == (1 << 8 | 3))
        #expect((Probe.stat(layer + "/run/pipe")?.st_mode ?? 0) & S_IFMT == S_IFIFO)
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: layer + "/etc/localtime")
        #expect(target == "/usr/share/zoneinfo/UTC")
    }

    @Test func modesTimesAndXattrsAreKept() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let layer = try LayerWhiteoutTests.applied([
            .directory("secret", mode: 0o700), .file("bin/su", "x", mode: 0o4755),
            .fileWithXattr("bin/ping", "y", xattr: "user.note", value: "kept"),
        ], in: scratch)
        #expect((Probe.stat(layer + "/secret")?.st_mode ?? 0) & 0o7777 == 0o700)
        #expect((Probe.stat(layer + "/bin/su")?.st_mode ?? 0) & 0o7777 == 0o4755)
        #expect(Probe.stat(layer + "/bin/su")?.st_mtim.tv_sec == 1_700_000_000)
        #expect(Probe.xattr(layer + "/bin/ping", "user.note") == "kept")
    }

    @Test(arguments: LayerCompression.allCases)
    func everyCompressionLoads(compression: LayerCompression) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.file("hello", "world")]], compression: compression)
        let image = try #require(try scratch.store.load(layout: scratch.path + "/layout").first)
        #expect(Probe.read(image.layerDirectories[0] + "/hello") == "world")
    }
}
