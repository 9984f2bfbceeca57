import CShim
import Foundation
import Testing
@testable import OCIImages

@Suite("Commit: an overlay upper directory becomes a layer")
struct CommitTests {
    @Test func deletionsBecomeWhiteoutsAndAreReappliedAndFlattened() throws {
        try #require(getuid() == 0, "overlay whiteouts (0/0 devices, trusted xattrs) need root")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let manager = FileManager.default
        let rootfs = scratch.path + "/rootfs"
        try manager.createDirectory(atPath: rootfs + "/data/old", withIntermediateDirectories: true)
        try "1".write(toFile: rootfs + "/data/old/file", atomically: false, encoding: .utf8)
        try "2".write(toFile: rootfs + "/data/keep", atomically: false, encoding: .utf8)
        try "3".write(toFile: rootfs + "/gone", atomically: false, encoding: .utf8)
        try manager.createDirectory(atPath: rootfs + "/cache/sub", withIntermediateDirectories: true)
        try "4".write(toFile: rootfs + "/cache/sub/x", atomically: false, encoding: .utf8)
        let base = try scratch.store.importRootfs(from: rootfs, as: ImageReference(name: "base"))

        // What overlayfs leaves in an upper directory after `rm /gone; rm -r /cache; mkdir /cache; echo > /cache/new`.
        let upper = scratch.path + "/upper"
        try manager.createDirectory(atPath: upper + "/cache", withIntermediateDirectories: true)
        #expect(mknod(upper + "/gone", S_IFCHR, 0) == 0)
        #expect(setxattr(upper + "/cache", "trusted.overlay.opaque", "y", 1, 0) == 0)
        try "5".write(toFile: upper + "/cache/new", atomically: false, encoding: .utf8)
        try manager.createDirectory(atPath: upper + "/data", withIntermediateDirectories: true)
        #expect(mknod(upper + "/data/old", S_IFCHR, 0) == 0)

        let child = try scratch.store.commit(upperDirectory: upper, parent: base, configuration: .init(cmd: ["/x"]),
                                             createdBy: "RUN cleanup", reference: ImageReference(name: "child"))
        #expect(child.configuration.rootfs.diffIDs.count == 2)
        #expect(child.configuration.history?.last?.createdBy == "RUN cleanup")
        #expect(child.configuration.config?.cmd == ["/x"])
        let top = child.layerDirectories[1]
        #expect(Probe.isWhiteout(top + "/gone"))
        #expect(Probe.isWhiteout(top + "/data/old"))
        #expect(Probe.xattr(top + "/cache", "trusted.overlay.opaque") == "y")

        let flat = scratch.path + "/flat"
        try scratch.store.unpackFlattened(child, into: flat)
        #expect(!Probe.exists(flat + "/gone"))
        #expect(!Probe.exists(flat + "/data/old"))
        #expect(Probe.read(flat + "/data/keep") == "2")
        #expect(Probe.names(flat + "/cache") == ["new"])
        #expect(Probe.xattr(flat + "/cache", "trusted.overlay.opaque") == nil)

        // And again through save/load: the `.wh.` entries in the saved tar come back as whiteouts.
        try scratch.store.save([ImageReference(name: "child")], to: scratch.path + "/saved")
        let other = ImageStore(root: scratch.path + "/other")
        let reloaded = try #require(try other.load(layout: scratch.path + "/saved").first)
        #expect(Probe.isWhiteout(reloaded.layerDirectories[1] + "/gone"))
        #expect(Probe.xattr(reloaded.layerDirectories[1] + "/cache", "trusted.overlay.opaque") == "y")
    }

    @Test func emptyLayerStepKeepsLayers() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try ImageStoreTests.makeRootfs(scratch.path + "/rootfs")
        let base = try scratch.store.importRootfs(from: scratch.path + "/rootfs", as: ImageReference(name: "base"))
        let step = try scratch.store.commit(upperDirectory: nil, parent: base, configuration: .init(env: ["K=V"]),
                                            createdBy: "ENV K=V", reference: nil)
        #expect(step.layerDirectories == base.layerDirectories)
        #expect(step.configuration.history?.last?.emptyLayer == true)
        #expect(try scratch.store.resolve(step.shortID).configuration.config?.env == ["K=V"])
    }
}
