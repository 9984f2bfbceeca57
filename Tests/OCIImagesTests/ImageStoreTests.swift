import Foundation
import JSONRecords
import Testing
@testable import OCIImages

@Suite("Image store: import, save/load, resolve, rmi")
struct ImageStoreTests {
    static func makeRootfs(_ path: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: path + "/bin", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: path + "/etc", withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(toFile: path + "/bin/tool", atomically: false, encoding: .utf8)
        chmod(path + "/bin/tool", 0o755)
        try "hello\n".write(toFile: path + "/etc/motd", atomically: false, encoding: .utf8)
        link(path + "/bin/tool", path + "/bin/tool2")
        try manager.createSymbolicLink(atPath: path + "/bin/sh", withDestinationPath: "tool")
    }

    @Test func importSaveLoadRoundTrip() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try Self.makeRootfs(scratch.path + "/rootfs")
        let imported = try scratch.store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool", tag: "1"),
                                                      configuration: .init(env: ["A=b"], cmd: ["/bin/tool"]))
        #expect(imported.layerDirectories.count == 1)
        #expect(Probe.read(imported.layerDirectories[0] + "/etc/motd") == "hello\n")
        try scratch.store.save([ImageReference(name: "tool", tag: "1")], to: scratch.path + "/saved")

        let other = ImageStore(root: scratch.path + "/other")
        let loaded = try #require(try other.load(layout: scratch.path + "/saved").first)
        #expect(loaded.manifestDigest == imported.manifestDigest)
        #expect(loaded.reference == ImageReference(name: "tool", tag: "1"))
        #expect(loaded.configuration.config?.cmd == ["/bin/tool"])
        let layer = loaded.layerDirectories[0]
        #expect(Probe.stat(layer + "/bin/tool")?.st_ino == Probe.stat(layer + "/bin/tool2")?.st_ino)
        #expect((Probe.stat(layer + "/bin/tool")?.st_mode ?? 0) & 0o777 == 0o755)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: layer + "/bin/sh") == "tool")
        #expect(try other.resolve("tool:1") == loaded)
    }

    @Test func importTarballKeepsItsCompression() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let tarball = scratch.path + "/rootfs.tar.zst"
        try Data(try TarBuilder.bytes([.file("etc/os-release", "ID=test\n")], compression: .zstd)).write(to: URL(fileURLWithPath: tarball))
        let image = try scratch.store.importRootfs(from: tarball, as: ImageReference(name: "zst"))
        #expect(Probe.read(image.layerDirectories[0] + "/etc/os-release") == "ID=test\n")
        #expect(image.configuration.rootfs.diffIDs == [try TarBuilder.diffID([.file("etc/os-release", "ID=test\n")])])
        let manifest = try JSONRecord.decode(ImageManifest.self, from: try scratch.store.blobs.read(digest: image.manifestDigest), what: "m")
        #expect(manifest.layers.first?.mediaType == MediaType.layerZstd)
    }

    @Test func resolveByIDPrefixAndMissingImage() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try Self.makeRootfs(scratch.path + "/rootfs")
        let image = try scratch.store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool"))
        let hex = String(image.manifestDigest.dropFirst(7))
        #expect(try scratch.store.resolve(String(hex.prefix(4))).manifestDigest == image.manifestDigest)
        #expect(try scratch.store.resolve(image.shortID).reference == ImageReference(name: "tool"))
        #expect(try scratch.store.resolve("tool").manifestDigest == image.manifestDigest)
        #expect {
            try scratch.store.resolve("nothere:2")
        } throws: { error in
            "\(error)".contains("cbench app import") && "\(error)".contains("cbench app load")
        }
        #expect(throws: (any Error).self) { try scratch.store.resolve(String(hex.prefix(3))) }
    }

    @Test func removeKeepsSharedAndInUseLayers() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try Self.makeRootfs(scratch.path + "/rootfs")
        let store = scratch.store
        let base = try store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "base"))
        let upper = scratch.path + "/upper"
        try FileManager.default.createDirectory(atPath: upper, withIntermediateDirectories: true)
        try "new\n".write(toFile: upper + "/added", atomically: false, encoding: .utf8)
        let child = try store.commit(upperDirectory: upper, parent: base, configuration: nil, createdBy: "test", reference: ImageReference(name: "child"))
        #expect(child.layerDirectories.count == 2)
        #expect(child.layerDirectories[0] == base.layerDirectories[0])

        try store.remove(ImageReference(name: "base"))
        #expect(Probe.exists(base.layerDirectories[0]))
        #expect(try store.list().map(\.reference) == [ImageReference(name: "child")])

        let childTop = child.layerDirectories[1]
        try store.remove(ImageReference(name: "child"), keepingLayers: [child.configuration.rootfs.diffIDs[1]])
        #expect(Probe.exists(childTop))
        #expect(!Probe.exists(base.layerDirectories[0]))
        #expect(Probe.names(store.root + "/oci/blobs/sha256").isEmpty)
        #expect(throws: (any Error).self) { try store.remove(ImageReference(name: "child")) }
    }
}
