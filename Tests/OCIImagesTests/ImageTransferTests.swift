import Foundation
import NamespaceCore
import Testing
@testable import OCIImages

/// The names `save` writes and `load` reads (docker's and containerd's convention), loading
/// from an oci-archive, and what `images` hides.
@Suite("Image store: names in saved layouts, oci-archives, intermediates")
struct ImageTransferTests {
    func importTool(_ scratch: ScratchDirectory, as reference: ImageReference = ImageReference(name: "tool", tag: "1")) throws -> ResolvedImage {
        try ImageStoreTests.makeRootfs(scratch.path + "/rootfs")
        return try scratch.store.importRootfs(from: scratch.path + "/rootfs", as: reference)
    }

    /// `skopeo inspect oci:DIR:TAG` finds the tag; the full name rides in containerd's key.
    @Test func saveNamesTheTagAndTheFullName() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        _ = try importTool(scratch)
        try scratch.store.save([ImageReference(name: "tool", tag: "1")], to: scratch.path + "/saved")
        let entries = try OCILayout(directory: scratch.path + "/saved").readIndex().manifests
        #expect(entries.count == 1)
        #expect(entries.first?.annotations?[Descriptor.refNameAnnotation] == "1")
        #expect(entries.first?.annotations?[Descriptor.containerdNameAnnotation] == "tool:1")
        // Saved again into the same layout: replaced, not listed twice.
        try scratch.store.save([ImageReference(name: "tool", tag: "1")], to: scratch.path + "/saved")
        #expect(try OCILayout(directory: scratch.path + "/saved").readIndex().manifests.count == 1)
    }

    /// Two images of one tag in one layout (a stack's `web:1` and `db:1`): with whole names
    /// each is found by its own ref name (skopeo's and podman's `oci:DIR:NAME:TAG`), and
    /// `load` reads both back under their names.
    @Test func fullRefNamesTellImagesOfOneTagApart() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let web = try importTool(scratch, as: ImageReference(name: "stack/web", tag: "1"))
        let db = try scratch.store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "stack/db", tag: "1"))
        let references = [ImageReference(name: "stack/web", tag: "1"), ImageReference(name: "stack/db", tag: "1")]
        try scratch.store.save(references, to: scratch.path + "/saved", fullRefNames: true)
        let entries = try OCILayout(directory: scratch.path + "/saved").readIndex().manifests
        #expect(entries.map { $0.annotations?[Descriptor.refNameAnnotation] } == ["stack/web:1", "stack/db:1"])
        #expect(entries.map(\.digest) == [web.manifestDigest, db.manifestDigest])
        let other = ImageStore(root: scratch.path + "/other")
        let loaded = try other.load(layout: scratch.path + "/saved")
        #expect(Set(loaded.compactMap { $0.reference?.description }) == ["stack/web:1", "stack/db:1"])
    }

    /// The id an engine gives a loaded image is its config's digest: read per ref name from
    /// the layout (what the application targets compare before loading again).
    @Test func configDigestIsTheNamedImagesConfigBlob() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let web = try importTool(scratch, as: ImageReference(name: "stack/web", tag: "1"))
        try scratch.store.save([ImageReference(name: "stack/web", tag: "1")], to: scratch.path + "/saved", fullRefNames: true)
        let layout = OCILayout(directory: scratch.path + "/saved")
        let digest = try layout.configDigest(ofRefName: "stack/web:1")
        let blob = try FileIO.read(try layout.blobPath(digest))
        #expect(Digest.of(blob) == digest)
        #expect(digest != web.manifestDigest)
        let manifest = try JSONDecoder().decode(ImageManifest.self, from: Data(try FileIO.read(try layout.blobPath(web.manifestDigest))))
        #expect(manifest.config.digest == digest)
        #expect(try layout.manifestDigest(ofRefName: "stack/web:1") == web.manifestDigest)
        #expect(throws: CoreError.self) { try layout.configDigest(ofRefName: "stack/db:1") }
        do {
            _ = try layout.configDigest(ofRefName: "stack/db:1")
        } catch {
            #expect(error.errno == ENOENT)
        }
    }

    @Test(arguments: [("localhost/busybox:latest", "busybox:latest"), ("docker.io/library/alpine:3", "alpine:3"),
                      ("docker.io/me/web:2", "me/web:2"), ("quay.io/x/y:1", "quay.io/x/y:1"), ("1.0", "web:1.0")])
    func refNamesBecomeShortNames(refName: String, expected: String) throws {
        #expect(try ImageStore.reference(fromRefName: refName, baseName: "/tmp/x/web.tar").description == expected)
    }

    /// What `podman save --format oci-archive` writes: a tar of a layout.
    @Test func anOCIArchiveLoads() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let imported = try importTool(scratch)
        try scratch.store.save([ImageReference(name: "tool", tag: "1")], to: scratch.path + "/layout")
        let archive = scratch.path + "/tool.tar"
        try Self.tar(directory: scratch.path + "/layout", into: archive)
        let other = ImageStore(root: scratch.path + "/other")
        let loaded = try other.load(archive: archive)
        #expect(loaded.map(\.reference) == [ImageReference(name: "tool", tag: "1")])
        #expect(loaded.first?.manifestDigest == imported.manifestDigest)
        #expect(Probe.read(try #require(loaded.first?.layerDirectories.first) + "/etc/motd") == "hello\n")
        // The unpacked layout was only scratch.
        #expect(Probe.names(other.root + "/tmp").isEmpty)
    }

    @Test func aFileThatIsNotAnOCIArchiveIsAClearError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let text = scratch.path + "/notes.txt"
        try "not a tar\n".write(toFile: text, atomically: false, encoding: .utf8)
        #expect { try scratch.store.load(archive: text) } throws: { error in "\(error)".contains("oci-archive") }
        let otherTar = scratch.path + "/other.tar"
        try FileManager.default.createDirectory(atPath: scratch.path + "/plain", withIntermediateDirectories: true)
        try "x\n".write(toFile: scratch.path + "/plain/x", atomically: false, encoding: .utf8)
        try Self.tar(directory: scratch.path + "/plain", into: otherTar)
        #expect { try scratch.store.load(archive: otherTar) } throws: { error in "\(error)".contains("no OCI image layout") }
        #expect { try scratch.store.load(archive: scratch.path + "/missing.tar") } throws: { error in
            (error as? CoreError)?.errno == ENOENT
        }
        #expect(Probe.names(scratch.store.root + "/tmp").isEmpty)
    }

    /// docker hides an untagged image another was built on; a dangling one stays visible.
    @Test func imagesHidesBuildIntermediates() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let base = try importTool(scratch)
        let store = scratch.store
        let step = try store.commit(upperDirectory: nil, parent: base, configuration: .init(env: ["A=1"]), createdBy: "ENV A=1", reference: nil)
        // As a build does: the last step is committed untagged, then tagged.
        let last = try store.commit(upperDirectory: nil, parent: step, configuration: .init(env: ["A=2"]), createdBy: "ENV A=2", reference: nil)
        _ = try store.tag(last, as: ImageReference(name: "final"))
        let dangling = try store.commit(upperDirectory: nil, parent: base, configuration: .init(env: ["B=1"]), createdBy: "ENV B=1", reference: nil)
        let all = try store.list()
        #expect(all.count == 4)
        let shown = ImageSummary.shown(all, all: false)
        #expect(Set(shown.map(\.manifestDigest)) == Set([base.manifestDigest, dangling.manifestDigest, try store.resolve("final").manifestDigest]))
        #expect(ImageSummary.shown(all, all: true).count == 4)
    }

    /// docker's limit on a repository name.
    @Test func aNameOver255CharactersIsRefused() throws {
        let long = String(repeating: "a", count: 256)
        #expect { try ImageReference(parsing: long) } throws: { error in "\(error)".contains("255") && "\(error)".count < 200 }
        #expect(try ImageReference(parsing: String(repeating: "a", count: 255)).name.count == 255)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect { try scratch.store.resolve(long + ":1") } throws: { error in "\(error)".contains("255") && "\(error)".count < 200 }
    }

    static func tar(directory: String, into archive: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-C", directory, "-cf", archive, "."]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
