import Foundation
import Testing
@testable import OCIImages

/// The store's records of resolutions (`ImageStore+ResolveCache`, `ResolvedImageCodec`): a
/// record gives back exactly what the full resolution gave, and counts only for its own
/// text, under the index it was made from, with its layers present.
@Suite struct ImageResolveCacheTests {
    static let full = ResolvedImage(
        reference: ImageReference(name: "registry.example/team/app", tag: "v1:odd"),
        manifestDigest: "sha256:" + String(repeating: "ab", count: 32),
        configuration: {
            var configuration = ImageConfiguration(
                architecture: "amd64", os: "linux",
                config: .init(user: "1000:1000", exposedPorts: ["80/tcp": .init(), "53/udp": .init()],
                              env: ["PATH=/bin", "MULTI=line\none", "EMPTY=", "COLON=12:34\n"], entrypoint: ["/entry", ""],
                              cmd: [], volumes: ["/data": .init()], workingDir: "/wörk dir",
                              labels: ["a": "1", "b": "two\nlines", "": "empty key"], stopSignal: "SIGTERM"),
                rootfs: .init(diffIDs: ["sha256:" + String(repeating: "cd", count: 32), "sha256:" + String(repeating: "ef", count: 32)]),
                history: [.init(created: "2026-12-03T00:00:00Z", createdBy: "import", comment: nil, emptyLayer: true),
                          .init(createdBy: "3:x\n-\n+\n", emptyLayer: false), .init()],
                created: "2026-12-03T00:00:00Z")
            configuration.author = "someone"
            return configuration
        }(),
        layerDirectories: ["/store/layers/sha256/cd", "/store/layers/sha256/ef"])

    @Test func aRecordDecodesToTheSameImageForItsTextAndIndexOnly() throws {
        let index = Array("{\"manifests\":[]}\n".utf8)
        let record = ResolvedImageCodec.encode(Self.full, text: "app:v1", index: index)
        #expect(ResolvedImageCodec.decode(record, text: "app:v1", index: index) == Self.full)
        #expect(ResolvedImageCodec.decode(record, text: "app:v2", index: index) == nil)
        #expect(ResolvedImageCodec.decode(record, text: "app:v1", index: index + [0x20]) == nil)
        var sparse = Self.full
        sparse.reference = nil
        sparse.configuration = ImageConfiguration(architecture: "arm64", config: nil, rootfs: .init(diffIDs: []))
        sparse.layerDirectories = []
        let sparseRecord = ResolvedImageCodec.encode(sparse, text: "abcd", index: [])
        #expect(ResolvedImageCodec.decode(sparseRecord, text: "abcd", index: []) == sparse)
        let emptyLists = ImageConfiguration.ExecutionParameters(exposedPorts: [:], env: [], labels: [:])
        sparse.configuration.config = emptyLists
        let emptyRecord = ResolvedImageCodec.encode(sparse, text: "abcd", index: [])
        #expect(ResolvedImageCodec.decode(emptyRecord, text: "abcd", index: [])?.configuration.config == emptyLists,
                "empty lists stay empty, not absent")
    }

    /// The codec writes these fields by name; a field added to one of these types must be
    /// added to `ResolvedImageCodec` (and to `full` above), or a start that hits a record
    /// would lose it. This fails until both are done.
    @Test func theCodecCoversEveryStoredFieldOfTheResolvedImage() throws {
        func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let configuration = Self.full.configuration
        let config = try #require(configuration.config)
        let history = try #require(configuration.history?.first)
        #expect(fields(Self.full) == ["reference", "manifestDigest", "configuration", "layerDirectories"])
        #expect(fields(configuration) == ["created", "author", "architecture", "os", "config", "rootfs", "history"])
        #expect(fields(config) == ["user", "exposedPorts", "env", "entrypoint", "cmd", "volumes", "workingDir", "labels", "stopSignal"])
        #expect(fields(configuration.rootfs) == ["type", "diffIDs"])
        #expect(fields(history) == ["created", "createdBy", "comment", "emptyLayer"])
    }

    @Test func aDamagedRecordIsNoImage() {
        let index = Array("{}".utf8)
        let record = ResolvedImageCodec.encode(Self.full, text: "app:v1", index: index)
        for cut in [0, 1, record.count / 3, record.count / 2, record.count - 2, record.count - 1] {
            #expect(ResolvedImageCodec.decode(Array(record.prefix(cut)), text: "app:v1", index: index) == nil, "cut at \(cut)")
        }
        #expect(ResolvedImageCodec.decode(record + [0x0a], text: "app:v1", index: index) == nil, "trailing bytes")
        var flipped = record
        if let colon = flipped.firstIndex(of: UInt8(ascii: ":")) { flipped[colon] = UInt8(ascii: ";") }
        #expect(ResolvedImageCodec.decode(flipped, text: "app:v1", index: index) == nil)
    }

    @Test func recordNamesEscapeSlashesAndPercentAndRefuseWhatCannotBeAName() {
        let store = ImageStore(root: "/s")
        #expect(store.resolveCachePath(for: "team/app:1") == "/s/resolved/team%2Fapp:1")
        #expect(store.resolveCachePath(for: "a%2Fb") == "/s/resolved/a%252Fb")
        #expect(store.resolveCachePath(for: "team/app:1") != store.resolveCachePath(for: "team%2Fapp:1"))
        #expect(store.resolveCachePath(for: "") == nil)
        #expect(store.resolveCachePath(for: "..") == nil)
        #expect(store.resolveCachePath(for: String(repeating: "a", count: 201)) == nil)
    }

    @Test func resolvingAgainReadsTheRecordUntilTheIndexChanges() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try ImageStoreTests.makeRootfs(scratch.path + "/rootfs")
        let store = scratch.store
        let first = try store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool"),
                                           configuration: .init(env: ["A=b"], cmd: ["/bin/tool"]))
        let fresh = try store.resolve("tool")
        #expect(fresh == first)
        let recordPath = try #require(store.resolveCachePath(for: "tool"))
        #expect(FileManager.default.fileExists(atPath: recordPath))
        #expect(try store.resolve("tool") == first)
        #expect(try store.resolve(first.shortID) == first)
        #expect(FileManager.default.fileExists(atPath: try #require(store.resolveCachePath(for: first.shortID))))

        // The record is what answers: a record of the same text and index with another image in
        // it is believed (it is only ever written by a resolution of them).
        let index = try #require(try store.readIndexBytes())
        var planted = first
        planted.configuration.config?.cmd = ["/bin/planted"]
        try Data(ResolvedImageCodec.encode(planted, text: "tool", index: index)).write(to: URL(fileURLWithPath: recordPath))
        #expect(try store.resolve("tool").configuration.config?.cmd == ["/bin/planted"])

        // A new image under the same name changes the index: the record is stale.
        try "changed\n".write(toFile: scratch.path + "/rootfs/etc/motd", atomically: false, encoding: .utf8)
        let second = try store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool"),
                                            configuration: .init(cmd: ["/bin/other"]))
        #expect(second.manifestDigest != first.manifestDigest)
        #expect(try store.resolve("tool") == second)
        #expect(try store.resolve("tool") == second)
    }

    @Test func aMissingLayerOrADamagedRecordFallsBackToTheFullResolution() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try ImageStoreTests.makeRootfs(scratch.path + "/rootfs")
        let store = scratch.store
        let image = try store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "tool"))
        #expect(try store.resolve("tool") == image)
        let recordPath = try #require(store.resolveCachePath(for: "tool"))
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: recordPath))
        #expect(try store.resolve("tool") == image)
        #expect(try Data(contentsOf: URL(fileURLWithPath: recordPath)) != Data("garbage".utf8), "rewritten")

        // A layer directory removed: the full resolution unpacks it again.
        let layer = try #require(image.layerDirectories.first)
        try FileManager.default.removeItem(atPath: layer)
        #expect(try store.resolve("tool") == image)
        #expect(Probe.read(layer + "/etc/motd") == "hello\n")
    }
}
