import Foundation
import Testing
@testable import OCIImages

@Suite("Layer application: whiteouts")
struct LayerWhiteoutTests {
    /// Loads a one-layer image made of `entries` and returns its layer directory.
    static func applied(_ entries: [TarEntry], in scratch: ScratchDirectory) throws -> String {
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [entries])
        let images = try scratch.store.load(layout: scratch.path + "/layout")
        return try #require(images.first?.layerDirectories.first)
    }

    @Test func fileWhiteoutBecomesOverlayCharacterDevice() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let layer = try Self.applied([.directory("etc"), .file("etc/.wh.motd", "")], in: scratch)
        #expect(Probe.isWhiteout(layer + "/etc/motd"))
        #expect(!Probe.exists(layer + "/etc/.wh.motd"))
    }

    @Test func directoryWhiteoutWithoutItsParentEntry() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let layer = try Self.applied([.file("var/cache/.wh.apt", "")], in: scratch)
        #expect(Probe.isWhiteout(layer + "/var/cache/apt"))
    }

    @Test(arguments: [true, false])
    func opaqueDirectoryWhateverTheTarOrder(opaqueFirst: Bool) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let marker = TarEntry.file("data/.wh..wh..opq", "")
        let siblings: [TarEntry] = [.directory("data", mode: 0o750), .file("data/new", "fresh")]
        let layer = try Self.applied(opaqueFirst ? [marker] + siblings : siblings + [marker], in: scratch)
        #expect(Probe.xattr(layer + "/data", "trusted.overlay.opaque") == "y")
        #expect(Probe.read(layer + "/data/new") == "fresh")
        #expect(Probe.names(layer + "/data") == ["new"])
        #expect((Probe.stat(layer + "/data")?.st_mode ?? 0) & 0o777 == 0o750)
    }

    @Test func bareWhiteoutIsRefusedAndLeavesNothing() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try LayoutBuilder.write(scratch.path + "/layout", tag: "t:1", layers: [[.file("a", "x"), .file("dir/.wh.", "")]])
        #expect {
            try scratch.store.load(layout: scratch.path + "/layout")
        } throws: { error in
            "\(error)".contains("dir/.wh.") && "\(error)".contains("whiteout without a name")
        }
        #expect(Probe.names(scratch.path + "/store/layers/sha256").isEmpty)
        #expect(Probe.names(scratch.path + "/store/tmp").isEmpty)
        #expect(try scratch.store.list().isEmpty)
    }
}
