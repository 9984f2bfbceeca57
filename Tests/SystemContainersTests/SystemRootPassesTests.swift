#if canImport(Glibc)
import Glibc
#endif
import Archive
import Testing
import NamespaceCore
@testable import SystemContainers

/// A move to another host sends the root before the freeze and, inside the frozen window,
/// only what changed since (removals first): the destination's root must then be the
/// source's at the freeze, whatever was written, removed, made or retyped in between.
@Suite struct SystemRootPassesTests {
    func scratch() throws -> String { try SystemTestScratch.make("rootpasses") }

    /// A stopped container `web` in a store below `directory`, its root filled by `fill`.
    static func source(in directory: String, fill: (String) throws -> Void) throws -> SystemRuntime {
        let runtime = SystemRuntime(store: SystemStore(root: "\(directory)/a", runRoot: "\(directory)/a-run"))
        _ = try runtime.store.commitNew("web", stage: "test") { rootfs in
            try FileIO.makeDirectories(rootfs)
            try fill(rootfs)
            return SystemStore.NewContainer(configText: SystemTemplate.busybox.config(name: "web", rootfs: rootfs),
                                            metadata: SystemMetadata(template: "busybox", readinessMarker: nil))
        }
        return runtime
    }

    static func write(_ path: String, _ text: String) throws { try FileIO.write(path, Array(text.utf8)) }

    /// Every entry below `root`: type, mode, owner, a regular file's bytes and a link's target.
    static func listing(_ root: String) throws -> [String: String] {
        var listing: [String: String] = [:]
        try RootSnapshot.walk(root, relative: "") { (relative, info) throws(CoreError) in
            let path = RootSnapshot.path(relative, under: root)
            // A directory's size is its file system's business (ext4 never shrinks one).
            var text = "\(info.st_mode) \(info.st_uid):\(info.st_gid)"
            switch info.st_mode & S_IFMT {
            case S_IFREG: text += " " + String(decoding: try FileIO.read(path), as: UTF8.self)
            case S_IFLNK: text += " -> " + (FileIO.readLink(path) ?? "?")
            default: break
            }
            listing[relative] = text
        }
        return listing
    }

    /// The first pass into section 1 of `stream`, `between` run, then the second pass (with the
    /// header read before `between`, as a move reads it before the freeze).
    static func stream(_ runtime: SystemRuntime, to stream: String, configText rewrite: (String) throws -> String = { $0 },
                       between: (String) throws -> Void) throws -> RootSnapshot {
        let fd = open(stream, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError(stage: "open \(stream)", errno: errno) }
        defer { close(fd) }
        let frames = StreamSections.Writer(fd: fd, what: stream)
        let sink: ArchiveWriter.Sink = { (bytes) throws(CoreError) in try frames.write(bytes) }
        let first = try runtime.exportRoot(name: "web", into: sink, configText: rewrite)
        try frames.endSection()
        // As a move does: what goes before the root is read with the first pass.
        let header = try runtime.exportHeader(name: "web", configText: rewrite)
        try between(runtime.store.rootfsPath(of: "web"))
        _ = try runtime.export(name: "web", into: sink, includingCheckpoint: false, frozen: false, since: first.snapshot, header: header,
                               configText: rewrite)
        try frames.endSection()
        return first.snapshot
    }

    /// A move's stream of `runtime`'s `web` into `stream` with one image, `core-1.img`, written
    /// into `images` first (the store's checkpoint or the moving one): its first pass, then the
    /// rest with the checkpoint.
    static func streamWithImage(_ runtime: SystemRuntime, to stream: String, imagesIn images: String) throws {
        try FileIO.makeDirectories(images, mode: 0o700)
        try FileIO.write("\(images)/core-1.img", Array("core of the init".utf8))
        try streamWithCheckpoint(runtime, to: stream)
    }

    /// A move's stream of `runtime`'s `web` into `stream`: its first pass, `between` given the
    /// stream's descriptor (what goes raw between the sections), then, when `rest`, the rest
    /// with the checkpoint.
    static func streamWithCheckpoint(_ runtime: SystemRuntime, to stream: String, rest: Bool = true,
                                     between: (Int32) throws -> Void = { _ in }) throws {
        let fd = open(stream, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError(stage: "open \(stream)", errno: errno) }
        defer { close(fd) }
        let frames = StreamSections.Writer(fd: fd, what: stream)
        let sink: ArchiveWriter.Sink = { (bytes) throws(CoreError) in try frames.write(bytes) }
        let first = try runtime.exportRoot(name: "web", into: sink)
        try frames.endSection()
        try between(fd)
        guard rest else { return }
        _ = try runtime.export(name: "web", into: sink, includingCheckpoint: true, frozen: false, since: first.snapshot) { $0 }
        try frames.endSection()
    }

    /// A stopped `web` below `directory` whose root holds one file of `fileText`, streamed as a
    /// move streams it, with one image, into `directory/stream`; its images written into the
    /// run root's moving directory when `moving`, else into the store's checkpoint. The stream's path.
    static func imageStream(in directory: String, fileText: String = "x\n", moving: Bool) throws -> String {
        let runtime = try source(in: directory) { root in try write("\(root)/file", fileText) }
        let stream = "\(directory)/stream"
        let images = moving ? runtime.store.movingCheckpointDirectory(of: "web") : runtime.store.checkpointDirectory(of: "web")
        try streamWithImage(runtime, to: stream, imagesIn: images)
        return stream
    }

    /// A destination store beside the source's, and `stream` opened for its import.
    static func destination(reading stream: String, in directory: String) throws -> (SystemRuntime, Int32) {
        let input = open(stream, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CoreError(stage: "open \(stream)", errno: errno) }
        return (SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run")), input)
    }

    /// Returns once the clock file times come from has moved past `path`'s ctime.
    static func waitForTheCoarseClock(toPass path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let changed = RootSnapshot.Instant(info.st_ctim)
        while !(changed < RootSnapshot.Instant.coarseNow()) { usleep(1000) }
    }

    @Test func whatChangedBetweenThePassesArrivesAndTheRootsAreTheSame() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try Self.source(in: directory) { root in
            try FileIO.makeDirectories("\(root)/data/old/deep")
            try FileIO.makeDirectories("\(root)/bin")
            try Self.write("\(root)/data/kept", "the same before and after\n")
            try Self.write("\(root)/data/written", "AAAA")
            try Self.write("\(root)/data/deleted", "gone at the freeze\n")
            try Self.write("\(root)/data/old/deep/file", "in a tree that goes\n")
            try Self.write("\(root)/data/retyped", "a file that becomes a directory\n")
            try Self.write("\(root)/bin/busybox", "binary\n")
            #expect(symlink("busybox", "\(root)/bin/sh") == 0)
        }
        // An entry stamped in the pass's own clock tick is sent again by design (a write in that
        // tick leaves every field the same); `kept` must be older than the pass to stay out.
        Self.waitForTheCoarseClock(toPass: "\(runtime.store.rootfsPath(of: "web"))/data/kept")
        let stream = "\(directory)/stream"
        let snapshot = try Self.stream(runtime, to: stream) { root in
            // Same size, written at once after the pass: only the times can tell.
            try Self.write("\(root)/data/written", "BBBB")
            unlink("\(root)/data/deleted")
            try FileIO.removeTree("\(root)/data/old")
            try Self.write("\(root)/data/created", "made between the passes\n")
            unlink("\(root)/data/retyped")
            try FileIO.makeDirectories("\(root)/data/retyped")
            try Self.write("\(root)/data/retyped/inside", "x\n")
            #expect(chmod("\(root)/bin/busybox", 0o700) == 0)
        }
        let source = try Self.listing(runtime.store.rootfsPath(of: "web"))
        let delta = try snapshot.delta(of: runtime.store.rootfsPath(of: "web"))
        #expect(!delta.changed.contains("data/kept"), "an entry nobody touched is not sent again")
        #expect(delta.removed.firstIndex(of: "data/old/deep/file")! < delta.removed.firstIndex(of: "data/old")!)

        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        var rootSaid = false
        try destination.importSections(from: fd, as: "web") { port, _ in rootSaid = port == nil }
        #expect(rootSaid)
        #expect(try Self.listing(destination.store.rootfsPath(of: "web")) == source)
    }

    @Test func aStreamEndingInsideTheSecondPassLeavesNothing() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try Self.source(in: directory) { root in try Self.write("\(root)/file", String(repeating: "x", count: 100_000)) }
        let stream = "\(directory)/stream"
        _ = try Self.stream(runtime, to: stream) { root in try Self.write("\(root)/file", String(repeating: "y", count: 100_000)) }
        var info = stat()
        #expect(stat(stream, &info) == 0)
        #expect(truncate(stream, info.st_size - 5_000) == 0)
        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let error = #expect(throws: CoreError.self) { try destination.importSections(from: fd, as: "web") { _, _ in } }
        #expect(error.map { String(describing: $0) }?.contains("the stream ended inside a section") == true, "\(String(describing: error))")
        #expect(!destination.store.exists("web"))
    }

    /// A root that did not change between the passes is not walked again: the second section
    /// holds no rootfs entry, and the destination's root is the source's all the same.
    @Test func anUnchangedRootSendsNothingOfItInTheSecondPass() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try Self.source(in: directory) { root in
            try FileIO.makeDirectories("\(root)/etc")
            try Self.write("\(root)/etc/motd", "hello\n")
        }
        Self.waitForTheCoarseClock(toPass: "\(runtime.store.rootfsPath(of: "web"))/etc/motd")
        Self.waitForTheCoarseClock(toPass: "\(runtime.store.rootfsPath(of: "web"))/etc")
        Self.waitForTheCoarseClock(toPass: runtime.store.rootfsPath(of: "web"))
        let stream = "\(directory)/stream"
        let snapshot = try Self.stream(runtime, to: stream) { _ in }
        #expect(try snapshot.delta(of: runtime.store.rootfsPath(of: "web")).changed.isEmpty)
        let second = try RemoteSystemStreamTests.sections(of: stream, count: 2)[1]
        let tar = "\(directory)/second.tar"
        try FileIO.write(tar, second)
        let reader = try ArchiveReader(path: tar)
        var names: [String] = []
        while let entry = try reader.nextEntry() { names.append(entry.pathname) }
        #expect(!names.isEmpty && !names.contains { $0 == "rootfs" || $0.hasPrefix("rootfs/") }, "\(names)")

        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        try destination.importSections(from: fd, as: "web") { _, _ in }
        #expect(try Self.listing(destination.store.rootfsPath(of: "web")) == Self.listing(runtime.store.rootfsPath(of: "web")))
    }

    /// The destination prepares its restore from the first section's config, before the
    /// source freezes: it must be the config the second section commits (links rewritten alike).
    @Test func theFirstSectionCarriesTheConfigTheImportCommits() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try Self.source(in: directory) { root in try Self.write("\(root)/file", "x\n") }
        let stream = "\(directory)/stream"
        let rewrite = { (text: String) in LXCConfigText.setting("lxc.net.0.link", to: "cbenchthere", in: text) }
        _ = try Self.stream(runtime, to: stream, configText: rewrite) { _ in }
        let destination = SystemRuntime(store: SystemStore(root: "\(directory)/b", runRoot: "\(directory)/b-run"))
        let fd = open(stream, O_RDONLY | O_CLOEXEC)
        #expect(fd >= 0)
        defer { close(fd) }
        var firstConfig: String?
        try destination.importSections(from: fd, as: "web") { _, configText in firstConfig = configText }
        let sent = try #require(firstConfig, "the first section carried no config")
        #expect(sent.contains("lxc.net.0.link = cbenchthere"))
        let rootfs = destination.store.rootfsPath(of: "web")
        #expect(SystemRuntime.importedConfigText(sent, name: "web", rootfs: rootfs)
                == String(decoding: try FileIO.read(destination.store.configPath(of: "web")), as: UTF8.self))
    }

    /// Post-copy's lazy-pages daemon starts on the images as soon as they are in: the import
    /// says so once the second section is extracted, before it commits the container.
    @Test func theImportSaysTheImagesAreInBeforeItCommits() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let stream = try Self.imageStream(in: directory, moving: false)
        let (destination, input) = try Self.destination(reading: stream, in: directory)
        defer { close(input) }
        var seen: [String] = []
        try destination.importSections(from: input, as: "web") { _, _ in seen.append("root") } imagesReceived: {
            let image = "\(destination.store.checkpointDirectory(of: "web"))/core-1.img"
            seen.append(access(image, F_OK) == 0 && !destination.store.exists("web") ? "images, uncommitted" : "images, too late")
        }
        #expect(seen == ["root", "images, uncommitted"])
        #expect(destination.store.exists("web"))
    }

    /// A user-namespaced container's restore is not prepared ahead (its root's owners are
    /// settled with the whole root): nothing is made, the restore does it all later.
    @Test func aUserNamespacedContainersRestoreIsNotPreparedAhead() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try Self.source(in: directory) { _ in }
        let config = String(decoding: try FileIO.read(runtime.store.configPath(of: "web")), as: UTF8.self)
            + "lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n"
        #expect(try LXCConfig.parse(config).isUnprivileged)
        #expect(try runtime.prepareRestore(name: "web", configText: config) == nil)
        #expect(access(runtime.store.stateDirectory(of: "web"), F_OK) != 0, "no state directory was made")
    }

    @Test func aRemovalLeadingOutOrThroughALinkIsRefused() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories("\(directory)/root")
        try FileIO.makeDirectories("\(directory)/outside")
        try Self.write("\(directory)/outside/precious", "keep\n")
        #expect(symlink("\(directory)/outside", "\(directory)/root/link") == 0)
        #expect(throws: CoreError.self) {
            try SystemArchiveReader.remove(["link/precious"], under: "\(directory)/root", stage: "test")
        }
        #expect(throws: CoreError.self) {
            try SystemArchiveReader.remove(["../outside/precious"], under: "\(directory)/root", stage: "test")
        }
        #expect(access("\(directory)/outside/precious", F_OK) == 0)
        // The link itself may go; the directory it led to stays.
        try SystemArchiveReader.remove(["link", "absent/already"], under: "\(directory)/root", stage: "test")
        #expect(access("\(directory)/outside/precious", F_OK) == 0)
    }

    @Test func sectionsComeBackWholeThroughAnySmallerBuffer() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let path = "\(directory)/stream"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        let frames = StreamSections.Writer(fd: fd, what: path)
        let big = RemoteSystemStreamTests.pattern(StreamSections.frameLimit + 777)
        try big.withUnsafeBytes { raw in try frames.write(raw) }
        try frames.endSection()
        try frames.endSection()
        try Array("last".utf8).withUnsafeBytes { raw in try frames.write(raw) }
        try frames.endSection()
        close(fd)
        #expect(try RemoteSystemStreamTests.sections(of: path, count: 3) == [big, [], Array("last".utf8)])
    }
}
