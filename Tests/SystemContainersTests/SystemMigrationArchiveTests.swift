#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import Testing
import NamespaceCore
@testable import SystemContainers

/// The export a migration sends carries the checkpoint beside the rootfs, and the import puts
/// each tree back under the container's directory.
@Suite struct SystemMigrationArchiveTests {
    func scratch() throws -> String { try SystemTestScratch.make("systemarchive") }

    @Test func theCheckpointTravelsBesideTheRootfs() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        try FileIO.makeDirectories("\(directory)/source/rootfs/etc")
        try FileIO.makeDirectories("\(directory)/source/images")
        try FileIO.write("\(directory)/source/rootfs/etc/hostname", Array("web\n".utf8))
        try FileIO.write("\(directory)/source/images/pages-1.img", [1, 2, 3, 4])
        let archive = "\(directory)/web.tar.gz"
        let writer = try GzipTarFile(path: archive)
        try writer.addFile(named: "metadata.yaml", bytes: Array("architecture: x86_64\ncreation_date: 1\n".utf8))
        try writer.addTree("\(directory)/source/rootfs", as: "rootfs")
        try writer.addTree("\(directory)/source/images", as: "checkpoint")
        try writer.finish()

        try FileIO.makeDirectories("\(directory)/container")
        let contents = try SystemArchiveReader(path: archive).extract(into: "\(directory)/container")
        #expect(contents.hadRootfs && contents.hadCheckpoint)
        #expect(contents.files["metadata.yaml"] != nil)
        #expect(try FileIO.read("\(directory)/container/checkpoint/pages-1.img") == [1, 2, 3, 4])
        #expect(try FileIO.read("\(directory)/container/rootfs/etc/hostname") == Array("web\n".utf8))
    }

    /// A lazy dump's status-ready writes no manifest (only the one made before the dump): the
    /// export lists and checksums the images as it sends them, and the copy is checked by it.
    @Test func theExportMakesTheManifestFromTheImagesItSends() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let runtime = try SystemRootPassesTests.source(in: directory) { root in try FileIO.write("\(root)/file", [1]) }
        let images = runtime.store.checkpointDirectory(of: "web")
        try FileIO.makeDirectories(images)
        try FileIO.write("\(images)/core-1.img", Array("core of the init".utf8))
        try FileIO.write("\(images)/cbench-tmpfs-0.tar", [UInt8](repeating: 7, count: 3000))
        try FileIO.write("\(images)/pages-1.img", [UInt8](repeating: 9, count: 4096))
        let pending = CheckpointManifest(kind: "dump", container: "web", layout: ContainerCheckpointLayout(rootfs: "/r", cgroupPath: "cbench/web"),
                                         stdio: StdioDescriptors(entries: []), tcpEstablished: true, lazyPages: true, files: [])
        try pending.write(to: images)
        #expect(rename(CheckpointManifest.path(in: images), CheckpointManifest.pendingPath(in: images)) == 0)
        let expected = try CheckpointImage.files(in: images)

        let archive = "\(directory)/web.tar.gz"
        try runtime.export(name: "web", to: archive, includingCheckpoint: true)
        try FileIO.makeDirectories("\(directory)/container")
        let contents = try SystemArchiveReader(path: archive).extract(into: "\(directory)/container")
        // The import lists what it wrote as it came, for the restore's check.
        #expect(contents.receivedImages == expected)
        let copy = "\(directory)/container/checkpoint"
        let manifest = try #require(try CheckpointImage.validate(copy, stage: "restore"))
        #expect(manifest.files == expected)
        #expect(manifest.lazyPages && manifest.tcpEstablished)
        try FileIO.write("\(copy)/core-1.img", Array("core of the inix".utf8))
        #expect(throws: CheckpointError.self) { _ = try CheckpointImage.validate(copy, stage: "restore") }
    }
}
