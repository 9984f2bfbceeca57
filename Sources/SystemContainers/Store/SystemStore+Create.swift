#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemStore {
    /// Makes container `name` from `template`, with the lines of `extraConfig` (a file in LXC
    /// syntax) after the template's. Unprivileged (root's subordinate ids) unless `privileged`.
    /// `rootfs` is a tree to copy instead of the template's own (a root of the template's kind
    /// prepared elsewhere: a stack's system image with every service installed). With
    /// `snapshot` the root is an overlay over that tree instead of a copy (as `lxc-copy -s`
    /// makes): its own changes go to `NAME/delta`, and the shared files stay shared, on disk
    /// and in the page cache. An unprivileged snapshot's delta is owned as container root
    /// owns it (its few files shifted to root's subordinate ids); the shared tree stays owned
    /// by host root and is seen through an idmapped mount at start.
    /// All or nothing: on any failure the directory goes again.
    @discardableResult
    public func create(name: String, template: SystemTemplate, release: DebianRelease? = nil,
                       extraConfig: String? = nil, privileged: Bool = false, rootfs prepared: String? = nil,
                       snapshot: Bool = false) throws -> LXCConfig {
        try requireNew(name)
        if template == .oci {
            throw CoreError(stage: "create \(name)", detail: "the oci template needs an image: --image NAME[:TAG]")
        }
        if template != .debian, let release {
            throw CoreError(stage: "create \(name)", detail: "--release \(release.rawValue) is for the debian template only")
        }
        let ids = privileged ? nil : try SubordinateIDs.ofRoot()
        let identity = ids?.configLines ?? SubordinateIDs.privilegedConfigLines
        if let prepared, access(prepared + "/sbin/init", F_OK) != 0 {
            throw CoreError(stage: "create \(name)", errno: ENOENT, detail: "\(prepared) holds no /sbin/init: give the root of a distribution")
        }
        let source = try prepared ?? template.sourceRootfs(release: release)
        let extraText = try extraConfigText(extraConfig)
        return try commitNew(name, stage: "create") { rootfs in
            var metadata = SystemMetadata(template: template.rawValue, readinessMarker: SystemTemplate.busyboxReadinessMarker)
            metadata.release = release?.rawValue
            let text: String
            if snapshot {
                let overlay = LXCRootfsOverlay(lower: source, upper: deltaPath(of: name))
                try FileIO.makeDirectories(overlay.upper)
                // The top of the upper directory is the root the container sees: the lower's mode.
                var top = stat()
                guard stat(source, &top) == 0 else { throw CoreError.fromErrno("stat \(source)") }
                guard chmod(overlay.upper, top.st_mode & 0o7777) == 0 else { throw CoreError.fromErrno("chmod \(overlay.upper)") }
                try FileIO.makeDirectories(overlay.work)
                try template.prepareOverlayUpper(lower: source, upper: overlay.upper, name: name, release: release)
                if let ids { try Self.giveToContainerRoot(overlay, ids: ids) }
                text = LXCConfigText.setting("lxc.rootfs.path", to: overlay.configValue,
                                             in: template.config(name: name, rootfs: source, release: release))
            } else {
                try HostFiles.copyTree(source, to: rootfs)
                try template.customize(rootfs: rootfs, name: name, release: release)
                text = template.config(name: name, rootfs: rootfs, release: release)
            }
            return NewContainer(configText: text + identity + extraText, metadata: metadata)
        }
    }

    /// The id mapping lines of a new container (SubordinateIDs), or the privileged note.
    static func identityConfigLines(privileged: Bool) throws(CoreError) -> String {
        privileged ? SubordinateIDs.privilegedConfigLines : try SubordinateIDs.ofRoot().configLines
    }

    /// An unprivileged overlay is mounted by container root, which must own its upper and
    /// work directories; what `prepareOverlayUpper` wrote there as host root is shifted to
    /// the ids container root maps to, as copied-up files will be.
    static func giveToContainerRoot(_ overlay: LXCRootfsOverlay, ids: SubordinateIDs) throws(CoreError) {
        let owner = SystemRootOwner(uid: ids.uids.hostID, gid: ids.gids.hostID)
        try RootfsOwnershipShift(from: .hostRoot, to: owner, span: min(ids.uids.size, ids.gids.size)).apply(to: overlay.upper)
        guard chown(overlay.work, owner.uid, owner.gid) == 0 else { throw CoreError.fromErrno("chown \(overlay.work)") }
    }

    /// The user's extra config lines, checked on their own first so an error names their file and line.
    func extraConfigText(_ path: String?) throws(CoreError) -> String {
        guard let path else { return "" }
        _ = try LXCConfig.load(path: path)
        return "\n# from \(path)\n" + (try FileLXCConfigSource().read(path))
    }
}
