#if canImport(Glibc)
import Glibc
#endif
import Archive
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
}
