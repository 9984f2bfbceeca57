import Foundation
import Testing
@testable import OCIImages

@Suite("Flattening layers into an ordinary directory")
struct FlattenTests {
    @Test func laterLayersReplaceDeleteAndNeverFollowLowerSymlinks() throws {
        try #require(getuid() == 0, "overlay whiteouts are 0/0 devices: root only")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let victim = scratch.path + "/victim"
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
        try "keep".write(toFile: victim + "/keep", atomically: false, encoding: .utf8)
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [
            [.symlink("etc", to: victim), .file("file", "file"), .directory("dir"), .file("dir/a", "a"), .file("old", "old")],
            [.file("etc/.wh.keep", ""), .directory("file"), .file("file/inside", "now a dir"), .file("dir", "now a file"),
             .file(".wh.old", ""), .file("never/.wh.there", "")],
        ])
        let image = try #require(try scratch.store.load(layout: scratch.path + "/layout").first)
        let flat = scratch.path + "/flat"
        try scratch.store.unpackFlattened(image, into: flat)
        #expect(Probe.read(victim + "/keep") == "keep")
        #expect((Probe.stat(flat + "/etc")?.st_mode ?? 0) & S_IFMT == S_IFDIR)
        #expect(Probe.read(flat + "/file/inside") == "now a dir")
        #expect(Probe.read(flat + "/dir") == "now a file")
        #expect(!Probe.exists(flat + "/old"))
        #expect(!Probe.exists(flat + "/never/there"))
    }
}
