import Foundation
import Glibc
import NamespaceCore
import Testing
import SystemContainers
@testable import Targets

/// What the application targets reuse instead of copying or loading again: the LXC layout's
/// config over the overlay root the target mounts, the engines' check that an image they hold
/// is the layout's (its id is the config digest), and podman's image store in the stack's
/// cache with the stamp that says when it must be filled again.
struct ApplicationImageReuseTests {
    let context = TargetContext(workDirectory: "/tmp/cbench-unit-work", stateRoot: "/run/cbench/engine/42-abc",
                                smokeRootfs: "/var/lib/cbench/rootfs/busybox")

    @Test func lxcApplicationConfigTakesTheMountedOverlayAsAPlainRoot() {
        let ids = SubordinateIDs(uids: IDMapping(containerID: 0, hostID: 100000, size: 65536), gids: IDMapping(containerID: 0, hostID: 100000, size: 65536))
        let lines = LXCTarget.applicationConfig(id: "w1", directory: "/run/cbench/lxc/t/w1", ids: ids).split(separator: "\n").map(String.init)
        #expect(lines.contains("lxc.rootfs.path = dir:/run/cbench/lxc/t/w1/rootfs"))
        // The overlay's lower layer is idmapped already: a second idmap of the root would map twice.
        #expect(!lines.contains { $0.hasPrefix("lxc.rootfs.options") })
        #expect(lines.contains("lxc.idmap = u 0 100000 65536") && lines.contains("lxc.idmap = g 0 100000 65536"))
        let target = LXCTarget(context: context)
        #expect(target.rootLayers("w1").hasPrefix(ProjectDirectories.persistent + "/lxc/"), "the upper layer is on disk, not in the lxcpath's tmpfs")
    }

    /// Every regular file is read whole once; links and what they point to are not followed.
    @Test func warmingReadsEachRegularFileOfTheTreeOnce() throws {
        let directory = "/tmp/cbench-unit-warm-\(getpid())"
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/a/b")
        try FileIO.write(directory + "/one", [UInt8](repeating: 1, count: 3 << 20 | 5))
        try FileIO.write(directory + "/a/b/two", [UInt8](repeating: 2, count: 7))
        try FileIO.write(directory + "/a/empty", [])
        #expect(symlink(directory + "/one", directory + "/a/link") == 0)
        #expect(try PageCacheWarmer.warm(directory) == UInt64(3 << 20 | 5 + 7))
        #expect(throws: CoreError.self) { try PageCacheWarmer.warm(directory + "/missing") }
    }

    @Test(arguments: [
        ("b677f013777eb8822a95bd0eefbe4029c38c8e4b68d748f4559df12c9ee16832\n", true),
        ("sha256:b677f013777eb8822a95bd0eefbe4029c38c8e4b68d748f4559df12c9ee16832", true),
        ("b677f013777e", false),
        ("sha256:0000f013777eb8822a95bd0eefbe4029c38c8e4b68d748f4559df12c9ee16832", false),
        ("", false),
    ])
    func anEngineHoldsTheLayoutsImageWhenItsIdIsTheConfigDigest(id: String, same: Bool) {
        #expect(EngineAppLayout.sameImage(id: id, configDigest: "sha256:b677f013777eb8822a95bd0eefbe4029c38c8e4b68d748f4559df12c9ee16832") == same)
    }

    @Test func podmanReadsTheStacksImageStoreOnlyWhenGivenIt() {
        let target = PodmanTarget(runtime: "crun", context: context)
        let plain = target.podman(["images"])
        #expect(!plain.contains("--storage-opt"))
        #expect(plain.contains(target.runRoot) && plain.contains(target.storageRoot))
        let reading = target.podman(["images"], root: target.storageRoot, imageStore: "/var/lib/cbench/stacks/s/layout-engines/podman")
        #expect(reading.contains("overlay.imagestore=/var/lib/cbench/stacks/s/layout-engines/podman"))
        #expect(reading.firstIndex(of: "--storage-opt").map { reading[$0 + 1].hasPrefix("overlay.imagestore=") } == true)
        // Filling the store: its own root, and a run directory of its own below the run's.
        let filling = target.podman(["pull", "x"], root: "/var/lib/cbench/stacks/s/layout-engines/podman")
        let runroot = filling.firstIndex(of: "--runroot").map { filling[$0 + 1] }
        #expect(runroot == "\(target.runRoot)/\(PodmanTarget.imageStoreRunDirectory)")
        #expect(Array(filling.suffix(2)) == ["pull", "x"])
    }

    /// A layout written by hand: two images named in full, their manifests naming configs.
    @Test func thePodmanStoresStampNamesEachImageByItsConfigDigest() throws {
        let directory = "/tmp/cbench-unit-layout-\(getpid())"
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories(directory + "/blobs/sha256")
        try FileIO.write(directory + "/oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        func hex(_ character: Character) -> String { String(repeating: character, count: 64) }
        var entries: [String] = []
        for (name, manifest, config) in [("s/web:1", hex("a"), hex("1")), ("s/db:1", hex("b"), hex("2"))] {
            let body = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(config)","size":2},"layers":[]}"#
            try FileIO.write("\(directory)/blobs/sha256/\(manifest)", Array(body.utf8))
            entries.append(#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(manifest)","size":\#(body.utf8.count),"annotations":{"org.opencontainers.image.ref.name":"\#(name)"}}"#)
        }
        try FileIO.write(directory + "/index.json", Array(#"{"schemaVersion":2,"manifests":[\#(entries.joined(separator: ","))]}"#.utf8))
        let stack = ApplicationStack(name: "s", port: 80, systemRoot: "/nonexistent", imageLayout: directory,
                                     containers: [ApplicationContainer(name: "db", image: "s/db:1"), ApplicationContainer(name: "web", image: "s/web:1"),
                                                  ApplicationContainer(name: "web2", image: "s/web:1")])
        #expect(stack.imageNames == ["s/db:1", "s/web:1"])
        #expect(stack.engineImageStores == directory + "-engines")
        #expect(try PodmanTarget.imageStamp(stack) == "s/db:1@sha256:\(hex("2"))\ns/web:1@sha256:\(hex("1"))\n")
        let missing = ApplicationStack(name: "s", port: 80, systemRoot: "/nonexistent", imageLayout: directory,
                                       containers: [ApplicationContainer(name: "app", image: "s/app:1")])
        #expect(throws: CoreError.self) { try PodmanTarget.imageStamp(missing) }
    }
}
