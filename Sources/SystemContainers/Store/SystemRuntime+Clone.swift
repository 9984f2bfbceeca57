#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// A full, independent copy of a stopped container (rootfs with reflinks where the file
    /// system has them) under a new name, its uts name and rootfs path rewritten.
    public func clone(_ source: String, to destination: String) throws {
        try store.requireExisting(source)
        try SystemStore.validate(name: destination)
        guard store.runningState(of: source) == nil else {
            throw CoreError(stage: "clone \(source)", detail: "is running; stop it first (a copy of a live root is inconsistent)")
        }
        let sourceConfig = try store.loadConfig(of: source)
        try sourceConfig.requireCopyableRoot(of: source, stage: "clone")
        let sourceText = try FileLXCConfigSource().read(store.configPath(of: source))
        try store.commitNew(destination, stage: "clone \(source) to") { rootfs in
            try HostFiles.copyTree(sourceConfig.rootfsPath ?? store.rootfsPath(of: source), to: rootfs)
            if access(rootfs + "/etc/hostname", F_OK) == 0 {
                try SystemTemplate.writeHostname(destination, rootfs: rootfs)
            }
            var text = LXCConfigText.setting("lxc.uts.name", to: destination, in: sourceText)
            text = LXCConfigText.setting("lxc.rootfs.path", to: "dir:" + rootfs, in: text)
            var metadata = (try? store.loadMetadata(of: source))
                ?? SystemMetadata(template: "unknown", readinessMarker: nil)
            metadata.clonedFrom = source
            return SystemStore.NewContainer(configText: text, metadata: metadata)
        }
    }
}

extension SystemRuntime {
    public func snapshotDirectory(of name: String, snapshot: String) -> String {
        "\(store.directory(of: name))/snaps/\(snapshot)"
    }

    /// Keeps a copy of a stopped container's rootfs and config in NAME/snaps/SNAPSHOT, as
    /// lxc-snapshot does.
    public func snapshot(name: String, as snapshot: String) throws {
        try store.requireExisting(name)
        try SystemStore.validate(name: snapshot)
        guard store.runningState(of: name) == nil else {
            throw CoreError(stage: "snapshot \(name)", detail: "is running; stop it first")
        }
        let config = try store.loadConfig(of: name)
        try config.requireCopyableRoot(of: name, stage: "snapshot")
        let directory = snapshotDirectory(of: name, snapshot: snapshot)
        try FileIO.makeDirectories("\(store.directory(of: name))/snaps")
        guard mkdir(directory, 0o711) == 0 else {
            if errno == EEXIST { throw CoreError(stage: "snapshot \(name)", detail: "a snapshot named \(snapshot) already exists") }
            throw CoreError.fromErrno("mkdir \(directory)")
        }
        do {
            try HostFiles.copyTree(config.rootfsPath ?? store.rootfsPath(of: name), to: directory + "/rootfs")
            try HostFiles.copyTree(store.configPath(of: name), to: directory + "/config")
        } catch {
            try? FileIO.removeTree(directory)
            throw error
        }
    }

    public func snapshots(of name: String) throws(CoreError) -> [String] {
        try store.requireExisting(name)
        let names = (try? FileIO.names(in: "\(store.directory(of: name))/snaps")) ?? []
        return names.filter { access("\(snapshotDirectory(of: name, snapshot: $0))/config", F_OK) == 0 }.sorted()
    }

    /// Puts the snapshot's rootfs back in place of the container's (which must be stopped).
    public func restore(name: String, snapshot: String) throws {
        try store.requireExisting(name)
        try SystemStore.validate(name: snapshot)
        guard store.runningState(of: name) == nil else {
            throw CoreError(stage: "restore \(name)", detail: "is running; stop it first")
        }
        let source = snapshotDirectory(of: name, snapshot: snapshot) + "/rootfs"
        guard access(source, F_OK) == 0 else {
            throw CoreError(stage: "restore \(name)", detail: "no snapshot named \(snapshot) (see `cbench system snapshot \(name) --list`)")
        }
        let config = try store.loadConfig(of: name)
        try config.requireCopyableRoot(of: name, stage: "restore")
        let rootfs = config.rootfsPath ?? store.rootfsPath(of: name)
        let incoming = rootfs + ".restore"
        try? FileIO.removeTree(incoming)
        do {
            try HostFiles.copyTree(source, to: incoming)
            try FileIO.removeTree(rootfs)
            guard rename(incoming, rootfs) == 0 else { throw CoreError.fromErrno("rename \(incoming)") }
        } catch {
            try? FileIO.removeTree(incoming)
            throw error
        }
    }
}
