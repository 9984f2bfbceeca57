#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import SystemContainers

/// `create --snapshot` of an unprivileged container: the overlay root is launched (no longer
/// refused) with its lower tree through the idmapped mount that start makes, mounted where
/// container root can reach it, and the few files create writes into the upper directory are
/// container root's.
@Suite struct SystemSnapshotRootTests {
    func scratch() throws -> String { try SystemTestScratch.make("systemsnapshot") }

    func unprivilegedOverlay(lower: String, upper: String) throws -> LXCConfig {
        let ids = SubordinateIDs(uids: IDMapping(containerID: 0, hostID: 100000, size: 65536), gids: IDMapping(containerID: 0, hostID: 100000, size: 65536))
        let text = LXCConfigText.setting("lxc.rootfs.path", to: LXCRootfsOverlay(lower: lower, upper: upper).configValue,
                                         in: SystemTemplate.busybox.config(name: "s", rootfs: lower)) + ids.configLines
        return try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
    }

    @Test func anUnprivilegedOverlayRootIsLaunchedNotRefused() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories("\(directory)/lower")
        try FileIO.makeDirectories("\(directory)/s/delta")
        let config = try unprivilegedOverlay(lower: "\(directory)/lower", upper: "\(directory)/s/delta")
        #expect(config.isUnprivileged)
        let spec = try config.launchSpec(name: "s", defaultRootfs: "\(directory)/s/rootfs") { _ in nil }
        #expect(spec.rootfs?.source == .overlay(lower: ["\(directory)/lower"], upper: "\(directory)/s/delta", work: "\(directory)/s/olwork"))
        #expect(spec.namespaces.first?.kind == .user)
    }

    @Test func startBuildsTheOverlayOnTheIdmappedLowerInTheStateDirectory() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = SystemRuntime(store: SystemStore(root: "\(directory)/store", runRoot: "\(directory)/run"))
        try FileIO.makeDirectories(runtime.store.stateDirectory(of: "s"))
        let config = try unprivilegedOverlay(lower: "\(directory)/lower", upper: "\(directory)/store/s/delta")
        let root = try runtime.launchRoot(name: "s", idmapped: "\(directory)/run/s/lower", config: config)
        #expect(root.source == .overlay(lower: ["\(directory)/run/s/lower"], upper: "\(directory)/store/s/delta", work: "\(directory)/store/s/olwork"))
        #expect(root.mountpoint == "\(directory)/run/s/rootfs")
        var info = stat()
        #expect(stat("\(directory)/run/s/rootfs", &info) == 0 && info.st_mode & 0o777 == 0o755)
        #expect(!root.volatile, "the upper directory keeps the container's data across restarts")

        let plain = try LXCConfig.parse(SystemTemplate.busybox.config(name: "s", rootfs: "/r"), source: InMemoryLXCConfigSource(files: [:]))
        let bound = try runtime.launchRoot(name: "s", idmapped: "\(directory)/run/s/rootfs-mapped", config: plain)
        #expect(bound.source == .directory("\(directory)/run/s/rootfs-mapped") && bound.mountpoint == nil)
    }

    @Test(.enabled(if: getuid() == 0, "chown needs root"))
    func theUpperDirectoryIsContainerRoots() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let overlay = LXCRootfsOverlay(lower: "/", upper: "\(directory)/s/delta")
        try FileIO.makeDirectories("\(overlay.upper)/etc/systemd")
        try FileIO.makeDirectories(overlay.work)
        try FileIO.write("\(overlay.upper)/etc/hostname", Array("s\n".utf8))
        #expect(lchown("\(overlay.upper)/etc/systemd", 0, 4) == 0)
        let ids = SubordinateIDs(uids: IDMapping(containerID: 0, hostID: 100000, size: 65536), gids: IDMapping(containerID: 0, hostID: 200000, size: 65536))
        try SystemStore.giveToContainerRoot(overlay, ids: ids)
        for (path, uid, gid) in [(overlay.upper, 100000, 200000), ("\(overlay.upper)/etc/hostname", 100000, 200000),
                                 ("\(overlay.upper)/etc/systemd", 100000, 200004), (overlay.work, 100000, 200000)] {
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_uid == uid && info.st_gid == gid, "\(path): \(info.st_uid):\(info.st_gid)")
        }
    }
}
