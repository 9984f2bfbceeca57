import Foundation
import Testing
@testable import OCIImages

/// What a writer killed midway leaves in an image store (a half-written blob in `tmp`, a
/// half-unpacked layer beside the layers) is removed; complete blobs and layers stay.
struct AbandonedTemporariesTests {
    @Test func halfWrittenBlobsAndLayersGoAndTheImageStays() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try ImageStoreTests.makeRootfs(scratch.path + "/rootfs")
        let store = scratch.store
        let image = try store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool", tag: "1"), configuration: .init())
        let manager = FileManager.default
        try "half a blob".write(toFile: store.scratchDirectory + "/.blob-Ab12Cd", atomically: false, encoding: .utf8)
        try manager.createDirectory(atPath: store.layers.directory + "/.unpack-Ef34Gh/etc", withIntermediateDirectories: true)
        try "kept".write(toFile: store.scratchDirectory + "/not-a-temporary", atomically: false, encoding: .utf8)

        let removed = try store.removeAbandonedTemporaries()
        #expect(Set(removed) == [".blob-Ab12Cd", ".unpack-Ef34Gh"])
        #expect(!Probe.exists(store.scratchDirectory + "/.blob-Ab12Cd"))
        #expect(!Probe.exists(store.layers.directory + "/.unpack-Ef34Gh"))
        #expect(Probe.exists(store.scratchDirectory + "/not-a-temporary"))
        #expect(try store.resolve("tool:1") == image)
        #expect(Probe.read(image.layerDirectories[0] + "/etc/motd") == "hello\n")
        #expect(try store.removeAbandonedTemporaries().isEmpty)
    }
}
