#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import AppContainers

/// A container made by an import whose process was killed before its restore ran it (a move's
/// destination killed, and its source's removal of it killed too) is gone the next time the
/// store looks it up, so its name is free again; one whose importer runs, or whose tree runs
/// after all, stays.
@Suite struct AppAbandonedImportTests {
    func made(_ scratch: TemporaryAppStore, name: String) throws -> AppContainerRecord {
        var config = AppContainerConfig(image: "busybox")
        config.name = name
        return try scratch.store.create(config: config, image: TemporaryAppStore.image)
    }

    @Test func anImportWhoseProcessIsGoneIsRemovedWhenLookedUp() throws {
        let scratch = try TemporaryAppStore()
        let store = scratch.store
        let record = try made(scratch, name: "web")
        // No process has pid 0x7ffffffe with that start time.
        try FileIO.write(store.importingPath(of: record.id), Array("2147483646 12345\n".utf8))
        let error = #expect(throws: CoreError.self) { _ = try store.resolve("web") }
        #expect(error?.errno == ENOENT)
        #expect(access(store.directory(of: record.id), F_OK) != 0, "its files went")
        #expect(store.ids().isEmpty)
        let again = try made(scratch, name: "web")
        #expect(try store.resolve("web") == again.id, "the name is free for the move to be made again")
    }

    @Test func aHalfWrittenMarkerCountsAsAbandonedToo() throws {
        let scratch = try TemporaryAppStore()
        let record = try made(scratch, name: "web")
        try FileIO.write(scratch.store.importingPath(of: record.id), Array("12".utf8))
        #expect(scratch.store.ids().isEmpty, "listed no more")
    }

    @Test func anImportUnderWayOrFinishedStays() throws {
        let scratch = try TemporaryAppStore()
        let store = scratch.store
        let record = try made(scratch, name: "web")
        try store.markImporting(record.id)
        #expect(try store.resolve("web") == record.id, "its importer (this process) runs")
        #expect(store.ids() == [record.id])
        store.finishImporting(record.id)
        #expect(access(store.importingPath(of: record.id), F_OK) != 0)
        #expect(try store.resolve(record.id) == record.id)
    }

    @Test func aTreeThatRunsAfterAllIsKeptAndNoLongerMarked() throws {
        let scratch = try TemporaryAppStore()
        let store = scratch.store
        let record = try made(scratch, name: "web")
        try FileIO.write(store.importingPath(of: record.id), Array("2147483646 12345\n".utf8))
        let me = getpid()
        let start = try #require(ProcessLiveness.startTime(of: me))
        try FileIO.makeDirectories(store.runDirectory(of: record.id))
        try store.saveRunState(AppRunState(pid: me, pidStartTime: start, supervisorPid: me, supervisorStartTime: start,
                                           cgroupPath: "cbench-app-test", hostLinks: [], storeRoot: store.root), of: record.id)
        #expect(try store.resolve("web") == record.id)
        #expect(access(store.importingPath(of: record.id), F_OK) != 0, "the marker goes: it runs")
        store.removeFiles(id: record.id, name: record.name)
    }
}
