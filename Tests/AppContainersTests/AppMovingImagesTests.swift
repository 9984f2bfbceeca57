#if canImport(Glibc)
import Glibc
#endif
import Testing
import JSONRecords
import NamespaceCore
@testable import AppContainers

/// A move between hosts keeps cbench app's images in the run root on both ends (a tmpfs on a
/// lab host): the checkpoint directory follows them while they are there, an import that only
/// passes them on to its restore unpacks them there, and their removal takes the emptied parent.
@Suite struct AppMovingImagesTests {
    static let id = String(repeating: "c", count: 64)

    @Test func theCheckpointDirectoryIsTheMovingOneOnlyWhileThatIsThere() throws {
        let named = AppStore(root: "/var/lib/x/app", runRoot: "/run/x/app")
        #expect(named.movingImages.directory(of: Self.id) == "/run/x/app-images/\(Self.id)")
        #expect(named.checkpointDirectory(of: Self.id) == "/var/lib/x/app/containers/\(Self.id)/checkpoint")
        let scratch = try TemporaryAppStore()
        let store = scratch.store
        let moving = store.movingImages.directory(of: Self.id)
        try FileIO.makeDirectories(moving)
        #expect(store.checkpointDirectory(of: Self.id) == moving)
        #expect(store.checkpointDirectory(of: "other") == store.storedCheckpointDirectory(of: "other"))
        store.movingImages.remove(moving)
        #expect(store.checkpointDirectory(of: Self.id) == store.storedCheckpointDirectory(of: Self.id))
        #expect(access(store.movingImages.root, F_OK) != 0, "the emptied parent goes with the last images")
    }

    @Test func anImportThatPassesTheImagesOnUnpacksTheCheckpointIntoTheRunRoot() throws {
        let scratch = try TemporaryAppStore()
        let store = scratch.store
        let images = store.storedCheckpointDirectory(of: Self.id)
        try FileIO.makeDirectories(images)
        try FileIO.makeDirectories(store.upperDirectory(of: Self.id))
        let record = AppContainerRecord(id: Self.id, name: "web", created: "now", config: AppContainerConfig(image: "busybox"),
                                        image: TemporaryAppStore.image)
        try JSONRecord.write(AppCheckpointRecord(record: record, attachments: []), to: AppCheckpointRecord.path(in: images))
        try FileIO.write("\(images)/core-1.img", Array("core of the init".utf8))
        try FileIO.write("\(store.upperDirectory(of: Self.id))/changed", Array("x\n".utf8))
        for name in AppCheckpointArchive.hostFiles { try FileIO.write("\(store.directory(of: Self.id))/\(name)", Array("\(name)\n".utf8)) }
        let archive = "\(scratch.directory)/stream.tar"
        let fd = open(archive, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        _ = try AppCheckpointArchive.stream(store: store, id: Self.id, into: fd, what: "the test's stream")
        close(fd)

        let unpacked = "\(scratch.directory)/unpacked"
        let moving = store.movingImages.directory(of: ".import-test")
        try FileIO.makeDirectories(store.movingImages.root)
        let saved = try AppCheckpointArchive.read(archive, into: unpacked, checkpointInto: moving)
        #expect(saved.record.name == "web")
        #expect(String(decoding: try FileIO.read("\(moving)/core-1.img"), as: UTF8.self) == "core of the init")
        #expect(access("\(unpacked)/checkpoint", F_OK) != 0, "nothing of the checkpoint beside the changed files")
        #expect(String(decoding: try FileIO.read("\(unpacked)/upper/changed"), as: UTF8.self) == "x\n")
    }
}
