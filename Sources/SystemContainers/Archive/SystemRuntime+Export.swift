#if canImport(Glibc)
import Glibc
#endif
import Archive
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

    /// The same export streamed into `descriptor` (a pipe to ssh: a migration to another host
    /// reads no file back), uncompressed unless asked; returns the bytes written. The reader
    /// must treat an archive cut short as a failure (an import does: all or nothing).
    /// `frozen`: the container is still recorded as running, its tree frozen by a lazy dump
    /// (post-copy), so its root holds still while it is read.
    @discardableResult
    public func export(name: String, toDescriptor descriptor: Int32, compression: ArchiveWriter.Compression = .none,
                       includingCheckpoint: Bool = false, frozen: Bool = false,
                       configText rewrite: (String) throws -> String = { $0 }) throws -> UInt64 {
        let writer = try GzipTarFile(descriptor: descriptor, compression: compression, what: "export of \(name)")
        try write(name, into: writer, includingCheckpoint: includingCheckpoint, frozen: frozen, configText: rewrite)
        return writer.bytesWritten
    }

    private func write(_ name: String, into writer: GzipTarFile, includingCheckpoint: Bool, frozen: Bool = false,
                       configText rewrite: (String) throws -> String) throws {
        try store.requireExisting(name)
        guard frozen || store.runningState(of: name) == nil else {
            throw CoreError(stage: "export \(name)", detail: "is running; stop it first (an archive of a live root is inconsistent)")
        }
        let config = try store.loadConfig(of: name)
        try config.requireCopyableRoot(of: name, stage: "export")
        let configText = try rewrite(try FileLXCConfigSource().read(store.configPath(of: name)))
        let metadata = try? store.loadMetadata(of: name)
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let image = SystemImageMetadata(
            architecture: HostArchitecture.current.kernelName, creationDate: Int64(time(nil)),
            os: metadata?.template == SystemTemplate.debian.rawValue ? "debian" : (metadata?.template ?? "unknown"),
            release: metadata?.release ?? metadata?.image ?? "",
            description: "cbench system container \(name) (template \(metadata?.template ?? "unknown"))")
        let owner = metadata?.rootOwner ?? .hostRoot
        let span = RootfsOwnershipShift(from: .hostRoot, to: owner).span
        try writer.addFile(named: "metadata.yaml", bytes: Array(try image.yaml.utf8))
        try writer.addFile(named: "config", bytes: Array(configText.utf8))
        if var metadata {
            metadata.rootOwner = nil
            metadata.ownershipShiftMilliseconds = nil
            try writer.addFile(named: "cbench.json", bytes: try JSONRecord.encode(metadata))
        }
        try writer.addTree(rootfs, as: "rootfs") { uid, gid in
            (Self.unshifted(uid, base: owner.uid, span: span), Self.unshifted(gid, base: owner.gid, span: span))
        }
        if includingCheckpoint { try writer.addTree(store.checkpointDirectory(of: name), as: "checkpoint") }
        try writer.finish()
    }

    static func unshifted(_ id: UInt32, base: UInt32, span: UInt32) -> UInt32 {
        base != 0 && id >= base && id - base < span ? id - base : id
    }

    /// Makes container `name` from an export (or an LXD-style image tarball with metadata.yaml
    /// and rootfs/; without a `config` it gets the busybox template's). All or nothing.
    public func importArchive(from file: String, as name: String) throws {
        try store.requireNew(name, stage: "import")
        guard access(file, R_OK) == 0 else { throw CoreError(stage: "import \(file)", errno: errno) }
        try store.commitNew(name, stage: "import") { rootfs in
            let contents = try SystemArchiveReader(path: file).extract(into: store.directory(of: name))
            guard let metadataBytes = contents.files["metadata.yaml"] else {
                throw CoreError(stage: "import \(file)", detail: "holds no metadata.yaml: not a container export (make one with `cbench system export`)")
            }
            _ = try SystemImageMetadata.parse(String(decoding: metadataBytes, as: UTF8.self))
            guard contents.hadRootfs else {
                throw CoreError(stage: "import \(file)", detail: "holds no rootfs/: not a container export")
            }
            var text = contents.files["config"].map { String(decoding: $0, as: UTF8.self) }
                ?? SystemTemplate.busybox.config(name: name, rootfs: rootfs)
            text = LXCConfigText.setting("lxc.uts.name", to: name, in: text)
            text = LXCConfigText.setting("lxc.rootfs.path", to: "dir:" + rootfs, in: text)
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
