#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import SystemContainers

/// A move between hosts keeps its images in the run root on both ends (a tmpfs, so the frozen
/// window makes no file on the store's file system): the source's dump there goes into the
/// stream, the destination's import extracts them there for its restore, and a failed import
/// or a destroy leaves none behind.
@Suite struct SystemMovingImagesTests {
    func scratch() throws -> String { try SystemTestScratch.make("movingimages") }

    @Test func theCheckpointDirectoryIsTheMovingOneOnlyWhileThatIsThere() throws {
        let store = SystemStore(root: "/var/lib/x/system", runRoot: "/run/x/system")
        #expect(store.movingCheckpointDirectory(of: "web") == "/run/x/system-images/web")
        #expect(store.checkpointDirectory(of: "web") == "/var/lib/x/system/web/checkpoint")
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let here = SystemStore(root: "\(directory)/a", runRoot: "\(directory)/a-run")
        try FileIO.makeDirectories(here.movingCheckpointDirectory(of: "web"))
        #expect(here.checkpointDirectory(of: "web") == here.movingCheckpointDirectory(of: "web"))
        #expect(here.checkpointDirectory(of: "db") == here.storedCheckpointDirectory(of: "db"))
    }

    @Test func theImagesGoFromTheSourcesRunRootIntoTheDestinationsAndNotIntoItsStore() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let stream = try SystemRootPassesTests.imageStream(in: directory, moving: true)
        let (destination, input) = try SystemRootPassesTests.destination(reading: stream, in: directory)
        defer { close(input) }
        let received = try destination.importSections(from: input, as: "web", imagesPassThrough: true) { _, _ in }
        let moving = destination.store.movingCheckpointDirectory(of: "web")
        #expect(String(decoding: try FileIO.read("\(moving)/core-1.img"), as: UTF8.self) == "core of the init")
        #expect(access(destination.store.storedCheckpointDirectory(of: "web"), F_OK) != 0, "nothing of the checkpoint in the store")
        #expect(destination.store.checkpointDirectory(of: "web") == moving)
        #expect(received.map(\.name).contains("core-1.img"))
        #expect(destination.store.exists("web"))

        try destination.destroy(name: "web")
        #expect(access(moving, F_OK) != 0, "a destroy takes the moving images too")
        #expect(access(destination.store.movingImagesRoot, F_OK) != 0, "and their empty parent")
    }

    @Test func anImportThatFailsLeavesNoImagesInTheRunRoot() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let stream = try SystemRootPassesTests.imageStream(in: directory, fileText: String(repeating: "x", count: 100_000), moving: true)
        var info = stat()
        #expect(stat(stream, &info) == 0)
        #expect(truncate(stream, info.st_size - 100) == 0)
        let (destination, input) = try SystemRootPassesTests.destination(reading: stream, in: directory)
        defer { close(input) }
        #expect(throws: CoreError.self) { try destination.importSections(from: input, as: "web", imagesPassThrough: true) { _, _ in } }
        #expect(!destination.store.exists("web"))
        #expect(access(destination.store.movingCheckpointDirectory(of: "web"), F_OK) != 0)
        #expect(access(destination.store.movingImagesRoot, F_OK) != 0)
    }

    @Test func removingAMovesImagesKeepsAParentOthersStillUse() throws {
        let directory = try scratch()
        defer { try? FileIO.removeTree(directory) }
        let store = SystemStore(root: "\(directory)/a", runRoot: "\(directory)/a-run")
        try FileIO.makeDirectories(store.movingCheckpointDirectory(of: "web"))
        try FileIO.makeDirectories(store.movingCheckpointDirectory(of: "db"))
        try FileIO.makeDirectories(store.stateDirectory(of: "db"))
        store.removeCheckpoint(store.movingCheckpointDirectory(of: "web"))
        #expect(access(store.movingCheckpointDirectory(of: "web"), F_OK) != 0)
        #expect(access(store.movingCheckpointDirectory(of: "db"), F_OK) == 0)
        #expect(access(store.runRoot, F_OK) == 0)
        store.removeCheckpoint(store.movingCheckpointDirectory(of: "db"))
        #expect(access(store.movingImagesRoot, F_OK) != 0)
        #expect(access(store.stateDirectory(of: "db"), F_OK) == 0, "a run root that still holds a container stays")
    }
}
