#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import JSONRecords
import NamespaceCore

extension SystemRuntime {
    /// Writes a stopped container to `file` as a gzip tarball, as LXD images are laid out:
    /// `metadata.yaml`, `rootfs/` (owners as container root sees them: a shifted rootfs is
    /// shifted back in the archive), plus `config` (the container's LXC config as it is) and
    /// `cbench.json` (template, readiness marker). Written beside `file` and renamed when complete.
    /// `includingCheckpoint`: the container's checkpoint images go along as `checkpoint/`
    /// (a migration to another host; an import puts them back beside the rootfs).
    /// `configText` may rewrite the config on its way (a migration points a veth at the
    /// destination's bridge of the same network).
    public func export(name: String, to file: String, includingCheckpoint: Bool = false,
                       configText rewrite: (String) throws -> String = { $0 }) throws {
        let temporary = "\(file).partial-\(getpid())"
        do {
            let writer = try GzipTarFile(path: temporary)
            try write(name, into: writer, includingCheckpoint: includingCheckpoint, configText: rewrite)
            guard rename(temporary, file) == 0 else { throw CoreError.fromErrno("rename \(temporary) to \(file)") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// A migration's first pass, before the freeze: the container's config (through `rewrite`,
    /// as the second pass sends it), so the destination can prepare its restore meanwhile, then
    /// the root of `name` (running) as `rootfs/...` into `sink`, uncompressed; returns what the
    /// pass read, for `export(since:)` inside the frozen window. Returns the bytes written too.
    func exportRoot(name: String, into sink: @escaping ArchiveWriter.Sink,
                    configText rewrite: (String) throws -> String = { $0 }) throws -> (snapshot: RootSnapshot, bytes: UInt64) {
        try store.requireExisting(name)
        let config = try store.loadConfig(of: name)
        try config.requireCopyableRoot(of: name, stage: "export")
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let writer = try GzipTarFile(sink: sink, what: "first pass of \(name)'s root")
        try writer.addFile(named: "config", bytes: Array(try rewrite(try FileLXCConfigSource().read(store.configPath(of: name))).utf8))
        var snapshot = RootSnapshot()
        try writer.addTree(rootfs, as: "rootfs", include: { relative in
            snapshot.record(relative, under: rootfs)
            return true
        }, owner: Self.containerIDs(of: (try? store.loadMetadata(of: name))?.rootOwner ?? .hostRoot))
        try writer.finish()
        return (snapshot, writer.bytesWritten)
    }

    /// The export into `sink` (a framed stream's section); with `since`, the root goes as what
    /// changed after that first pass: `rootfs-removed` (NUL-separated names, children first)
    /// and the changed entries. Returns the bytes written. The reader must treat an archive
    /// cut short as a failure (an import does: all or nothing). `frozen`: the container is
    /// still recorded as running, its tree frozen by a lazy dump (post-copy), so its root
    /// holds still while it is read. `header`: read before (a migration's, with its first pass),
    /// else read now.
    func export(name: String, into sink: @escaping ArchiveWriter.Sink, includingCheckpoint: Bool, frozen: Bool,
                since snapshot: RootSnapshot?, header: ExportHeader? = nil, configText rewrite: (String) throws -> String) throws -> UInt64 {
        let writer = try GzipTarFile(sink: sink, what: "export of \(name)")
        try write(name, into: writer, includingCheckpoint: includingCheckpoint, frozen: frozen, since: snapshot, header: header,
                  configText: rewrite)
        return writer.bytesWritten
    }

    /// The name of the list of removed root entries in a second pass.
    static let removedEntriesName = "rootfs-removed"

    /// What an export writes before the root, read from the store: the image's metadata.yaml,
    /// the config (through `rewrite`), cbench.json, and where the root is and whose ids it holds.
    /// A migration reads it with its first pass, before the freeze (`export(header:)`).
    struct ExportHeader: Sendable {
        var files: [(name: String, bytes: [UInt8])]
        var rootfs: String
        var rootOwner: SystemRootOwner
    }

    func exportHeader(name: String, configText rewrite: (String) throws -> String) throws -> ExportHeader {
        try store.requireExisting(name)
        let config = try store.loadConfig(of: name)
        try config.requireCopyableRoot(of: name, stage: "export")
        let configText = try rewrite(try FileLXCConfigSource().read(store.configPath(of: name)))
        let metadata = try? store.loadMetadata(of: name)
        let image = SystemImageMetadata(
            architecture: HostArchitecture.current.kernelName, creationDate: Int64(time(nil)),
            os: metadata?.template == SystemTemplate.debian.rawValue ? "debian" : (metadata?.template ?? "unknown"),
            release: metadata?.release ?? metadata?.image ?? "",
            description: "cbench system container \(name) (template \(metadata?.template ?? "unknown"))")
        var files = [(name: "metadata.yaml", bytes: Array(try image.yaml.utf8)), (name: "config", bytes: Array(configText.utf8))]
        if var metadata {
            metadata.rootOwner = nil
            metadata.ownershipShiftMilliseconds = nil
            files.append((name: "cbench.json", bytes: try JSONRecord.encode(metadata)))
        }
        return ExportHeader(files: files, rootfs: config.rootfsPath ?? store.rootfsPath(of: name), rootOwner: metadata?.rootOwner ?? .hostRoot)
    }

    private func write(_ name: String, into writer: GzipTarFile, includingCheckpoint: Bool, frozen: Bool = false,
                       since snapshot: RootSnapshot? = nil, header given: ExportHeader? = nil,
                       configText rewrite: (String) throws -> String) throws {
        try store.requireExisting(name)
        guard frozen || store.runningState(of: name) == nil else {
            throw CoreError(stage: "export \(name)", detail: "is running; stop it first (an archive of a live root is inconsistent)")
        }
        let header = try given ?? exportHeader(name: name, configText: rewrite)
        let rootfs = header.rootfs
        for file in header.files { try writer.addFile(named: file.name, bytes: file.bytes) }
        let delta = try snapshot?.delta(of: rootfs)
        if let delta {
            try writer.addFile(named: Self.removedEntriesName, bytes: Array(delta.removed.map { $0 + "\0" }.joined().utf8))
        }
        // Nothing changed since the first pass: no second walk of the root (2.4 ms of the frozen
        // window in a release build, mig12l's trace of 22:10 UTC).
        if delta?.changed.isEmpty != true {
            try writer.addTree(rootfs, as: "rootfs", include: { delta?.changed.contains($0) ?? true },
                               owner: Self.containerIDs(of: header.rootOwner))
        }
        if includingCheckpoint { try addCheckpoint(of: name, into: writer) }
        try writer.finish()
    }

    /// The checkpoint's files as `checkpoint/...`, its manifest last, listing the images with
    /// the sizes and checksums of the bytes as they went: no pass of its own over the images
    /// (a lazy dump's status-ready writes none, so none is in post-copy's frozen window), and
    /// the destination's restore checks what arrived against it.
    private func addCheckpoint(of name: String, into writer: GzipTarFile) throws {
        let directory = store.checkpointDirectory(of: name)
        var streamed = StreamedImageFiles()
        try writer.addTree(directory, as: "checkpoint", include: { $0 != CheckpointManifest.fileName }, observe: { event in
            switch event {
            case .entry(let relative): streamed.begin(relative)
            case .data(let block): streamed.add(block)
            }
        })
        guard let manifest = CheckpointManifest.completed(in: directory, files: streamed.files()) else { return }
        try writer.addFile(named: "checkpoint/\(CheckpointManifest.fileName)", bytes: try JSONRecord.encode(manifest))
    }

    /// Owners as container root sees them: a root shifted to `owner` is shifted back.
    static func containerIDs(of owner: SystemRootOwner) -> (UInt32, UInt32) -> (UInt32, UInt32) {
        let span = RootfsOwnershipShift(from: .hostRoot, to: owner).span
        return { uid, gid in (unshifted(uid, base: owner.uid, span: span), unshifted(gid, base: owner.gid, span: span)) }
    }

    static func unshifted(_ id: UInt32, base: UInt32, span: UInt32) -> UInt32 {
        base != 0 && id >= base && id - base < span ? id - base : id
    }

    /// Makes container `name` from an export (or an LXD-style image tarball with metadata.yaml
    /// and rootfs/; without a `config` it gets the busybox template's). All or nothing.
    public func importArchive(from file: String, as name: String) throws {
        try store.requireNew(name, stage: "import")
        guard access(file, R_OK) == 0 else { throw CoreError(stage: "import \(file)", errno: errno) }
        try importContents(as: name, from: file) { directory in
            try SystemArchiveReader(path: file).extract(into: directory)
        }
    }

    /// A migration's import from `fd`, a stream of two sections (`StreamSections`): the
    /// root as a first pass read it before the source froze, into the new container's root,
    /// and the container's config as it was then (nil from a source that sends none);
    /// then `rootReceived` (the source waits for it before it freezes); then the export with
    /// what changed in the root since (removals first) and the checkpoint, on top. All or
    /// nothing: a stream that ends early leaves nothing. `receivingPages`: before the root is
    /// said to be in, a `criu page-server` is started into the new container's checkpoint
    /// directory on a free port (given to `rootReceived`), and the source's dump sends its
    /// pages there, outside the stream; the import waits for it to have served that dump after
    /// the second section, and ends it on any failure. `imagesReceived` is called once the
    /// second section is extracted (not with `receivingPages`: the pages are in only once the
    /// page server is done), before the import commits. Returns the image files as they were
    /// received (`restore`'s `receivedImages`). `imagesPassThrough`: the images go into the run
    /// root (`movingCheckpointDirectory`), not the store, since the restore that follows takes
    /// them (not with `receivingPages`, whose pages may be as large as the memory).
    /// `preCopy`: after `rootReceived` (without a port) the source's pre-copy requests come
    /// before the second section (`receivePreCopy`); each answer is said with `say`, the final
    /// dump's page server's `pages PORT` the last of them. As `receivingPages` otherwise.
    @discardableResult
    public func importSections(from fd: Int32, as name: String, receivingPages: Bool = false, preCopy: Bool = false,
                               imagesPassThrough: Bool = false, service: CRIUService = CRIUService(),
                               say: (String) throws -> Void = { _ in },
                               rootReceived: (_ pagesPort: UInt16?, _ configText: String?) throws -> Void,
                               imagesReceived: () throws -> Void = {}) throws -> [CheckpointManifest.ImageFile] {
        try store.requireNew(name, stage: "import")
        // Any there are a killed import's: the name is new in this store.
        let moving = imagesPassThrough && !receivingPages && !preCopy ? store.movingCheckpointDirectory(of: name) : nil
        if let moving { try? FileIO.removeTree(moving) }
        do {
            return try importSections(from: fd, as: name, receivingPages: receivingPages, preCopy: preCopy, images: moving,
                                      service: service, say: say, rootReceived: rootReceived, imagesReceived: imagesReceived)
        } catch {
            if let moving { store.removeCheckpoint(moving) }
            throw error
        }
    }

    private func importSections(from fd: Int32, as name: String, receivingPages: Bool, preCopy: Bool, images moving: String?,
                                service: CRIUService, say: (String) throws -> Void,
                                rootReceived: (_ pagesPort: UInt16?, _ configText: String?) throws -> Void,
                                imagesReceived: () throws -> Void) throws -> [CheckpointManifest.ImageFile] {
        let what = "the migration stream of \(name)"
        let sections = StreamSections.Reader(fd: fd, what: what)
        let source: ArchiveReader.Source = { (buffer) throws(CoreError) -> Int in try sections.read(into: buffer) }
        var received: [CheckpointManifest.ImageFile] = []
        try importContents(as: name, from: what) { directory in
            let first = try SystemArchiveReader(reader: try ArchiveReader(source: source, what: "first pass of \(what)"),
                                                what: "first pass of \(what)").extract(into: directory)
            guard Set(first.files.keys).isSubset(of: ["config"]), !first.hadCheckpoint, first.hadRootfs else {
                throw CoreError(stage: "import \(what)", detail: "its first section is not a root and config alone (rootfs/, config and nothing else)")
            }
            try sections.nextSection()
            let images = store.checkpointDirectory(of: name)
            let configText = first.files["config"].map { String(decoding: $0, as: UTF8.self) }
            // Pre-copy's page servers start on the source's requests, once the root is said to be in.
            if preCopy { try rootReceived(nil, configText) }
            let pages = preCopy ? try receivePreCopy(from: fd, into: images, service: service, stage: "import \(what)", say: say)
                : receivingPages ? try service.startPageReceiver(into: images, stage: "import \(what)") : nil
            // Set once `finishPageServer` has it (it reaps the server whichever way it ends).
            var reaped = false
            do {
                if !preCopy { try rootReceived(pages?.port, configText) }
                if let moving { try FileIO.makeDirectories(moving, mode: 0o700) }
                var contents = try SystemArchiveReader(reader: try ArchiveReader(source: source, what: "second pass of \(what)"),
                                                       what: "second pass of \(what)", removals: true)
                    .extract(into: directory, checkpointDirectory: moving)
                if pages == nil { try imagesReceived() }
                try sections.nextSection()
                if let pages {
                    reaped = true
                    try service.finishPageServer(pages.pid, imageDirectory: images)
                }
                contents.hadRootfs = true
                received = contents.receivedImages
                return contents
            } catch {
                if let pages, !reaped { service.stopPageServer(pages.pid) }
                throw error
            }
        }
        return received
    }

    /// The config an import commits: the archive's, with this container's name and root.
    static func importedConfigText(_ text: String, name: String, rootfs: String) -> String {
        LXCConfigText.setting("lxc.rootfs.path", to: "dir:" + rootfs, in: LXCConfigText.setting("lxc.uts.name", to: name, in: text))
    }

    private func importContents(as name: String, from file: String,
                                extract: (String) throws -> SystemArchiveReader.Contents) throws {
        try store.commitNew(name, stage: "import") { rootfs in
            let contents = try extract(store.directory(of: name))
            guard let metadataBytes = contents.files["metadata.yaml"] else {
                throw CoreError(stage: "import \(file)", detail: "holds no metadata.yaml: not a container export (make one with `cbench system export`)")
            }
            _ = try SystemImageMetadata.parse(String(decoding: metadataBytes, as: UTF8.self))
            guard contents.hadRootfs else {
                throw CoreError(stage: "import \(file)", detail: "holds no rootfs/: not a container export")
            }
            let text = Self.importedConfigText(contents.files["config"].map { String(decoding: $0, as: UTF8.self) }
                ?? SystemTemplate.busybox.config(name: name, rootfs: rootfs), name: name, rootfs: rootfs)
            var metadata = try contents.files["cbench.json"].map { bytes throws(CoreError) in
                try JSONRecord.decode(SystemMetadata.self, from: bytes, what: "cbench.json of \(file)")
            }
                ?? SystemMetadata(template: "imported", readinessMarker: nil)
            metadata.rootOwner = nil
            metadata.ownershipShiftMilliseconds = nil
            metadata.clonedFrom = nil
            var status = stat()
            // Only a plain file is rewritten: a link could lead out of the new root.
            if lstat(rootfs + "/etc/hostname", &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
                try SystemTemplate.writeHostname(name, rootfs: rootfs)
            }
            return SystemStore.NewContainer(configText: text, metadata: metadata)
        }
    }
}
