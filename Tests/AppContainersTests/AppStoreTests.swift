import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import NamespaceCoreTesting
import OCIImages
@testable import AppContainers

/// A private store under /tmp, removed when the test ends.
final class TemporaryAppStore {
    let directory: String
    let store: AppStore

    init() throws {
        var template = Array("/tmp/apptest-unit-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        directory = String(cString: try #require(made))
        store = AppStore(root: directory + "/root", runRoot: directory + "/run")
    }

    deinit { try? FileIO.removeTree(directory) }

    static let image = ResolvedImage(
        reference: ImageReference(name: "busybox"), manifestDigest: "sha256:" + String(repeating: "ab", count: 32),
        configuration: ImageConfiguration(config: .init(cmd: ["sh"])),
        layerDirectories: ["/layers/bottom", "/layers/middle", "/layers/top"])
}

@Suite struct AppStoreTests {
    /// 64 lowercase hex digits from four random words, each position used (a word shifted
    /// wrong would leave a digit constant), and no two IDs alike.
    @Test func newIDsAreSixtyFourHexDigitsAndDiffer() {
        let ids = (0..<200).map { _ in AppStore.newID() }
        for id in ids {
            #expect(id.count == 64 && id.allSatisfy { "0123456789abcdef".contains($0) }, "\(id)")
        }
        #expect(Set(ids).count == ids.count)
        for position in [0, 15, 16, 31, 32, 47, 48, 63] {
            let digits = Set(ids.map { Array($0)[position] })
            #expect(digits.count > 8, "digit \(position) takes only \(digits.sorted())")
        }
    }

    /// A container's cgroup sits at each hierarchy's root, named so cleanup finds it, not below
    /// the shared `cbench` parent a lone `run --rm` would make and remove every time.
    @Test func theCgroupIsATopLevelProjectGroupNamedByTheID() {
        let store = AppStore(root: "/var/lib/cbench/app", runRoot: "/run/cbench/app")
        let path = store.cgroupPath(of: String(repeating: "ab", count: 32))
        #expect(path == "cbench-app-abababababab")
        #expect(CgroupPaths.isTopLevelProjectGroup(path) && !CgroupPaths.isBelowProjectParent(path))
    }

    /// The run's own cgroup goes whole and the shared parent is left to its users; a record from
    /// before (below `cbench`) still takes the empty parent with it.
    @Test func removingTheCgroupLeavesTheSharedParentToItsUsers() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.hybrid)
        func parents() -> [String] { fs.directories(below: "/sys/fs/cgroup").filter { $0.hasSuffix("/cbench") } }
        // Another runtime's container went and left its empty parents (its owner removes them).
        try Cgroup.create(path: "cbench/oci-1", host: host).remove()
        let before = parents()
        #expect(!before.isEmpty)
        AppRuntime.removeCgroup(try Cgroup.create(path: "cbench-app-1", host: host))
        #expect(Cgroup.leftovers(host: host).isEmpty)
        #expect(parents() == before, "the app run's group is gone, the parent is not its to remove")
        AppRuntime.removeCgroup(try Cgroup.create(path: "cbench/app-2", host: host))
        #expect(Cgroup.leftovers(host: host).isEmpty && parents().isEmpty)
    }

    @Test func createMakesDirectoryFilesAndName() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        let record = try store.create(config: AppContainerConfig(image: "busybox", name: "web"), image: TemporaryAppStore.image)
        #expect(record.id.count == 64)
        #expect(record.name == "web")
        #expect(record.config.name == "web")
        for path in [store.upperDirectory(of: record.id), store.workDirectory(of: record.id), store.hostsPath(of: record.id),
                     store.hostnamePath(of: record.id), store.recordPath(of: record.id)] {
            #expect(access(path, F_OK) == 0, "\(path)")
        }
        #expect(try store.resolve("web") == record.id)
        #expect(try store.resolve(String(record.id.prefix(6))) == record.id)
        #expect(try store.loadRecord(of: record.id) == record)
        #expect(store.loadState(of: record.id).status == .created)
    }

    @Test func duplicateNameFailsAndLeavesNothing() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        let first = try store.create(config: AppContainerConfig(image: "busybox", name: "db"), image: TemporaryAppStore.image)
        let error = try #require(throws: CoreError.self) {
            try store.create(config: AppContainerConfig(image: "busybox", name: "db"), image: TemporaryAppStore.image)
        }
        #expect(error.errno == EEXIST)
        #expect(error.description.contains("already in use"))
        #expect(store.ids() == [first.id])
    }

    @Test func generatedNamesAreUnique() throws {
        let temporary = try TemporaryAppStore()
        var names = Set<String>()
        for _ in 0..<30 {
            names.insert(try temporary.store.create(config: AppContainerConfig(image: "busybox"), image: TemporaryAppStore.image).name)
        }
        #expect(names.count == 30)
    }

    @Test func invalidNameIsRefused() throws {
        let temporary = try TemporaryAppStore()
        #expect(throws: CoreError.self) {
            try temporary.store.create(config: AppContainerConfig(image: "busybox", name: "../x"), image: TemporaryAppStore.image)
        }
        #expect(temporary.store.ids().isEmpty)
    }

    @Test func unknownReferenceIsOneLineError() throws {
        let temporary = try TemporaryAppStore()
        let error = try #require(throws: CoreError.self) { try temporary.store.resolve("ghost") }
        #expect(error.description == "container ghost: ENOENT (No such file or directory); no such container (see cbench app ps -a)")
    }

    @Test func aContainersStateIsFirstWrittenAtItsStart() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        var config = AppContainerConfig(image: "busybox")
        config.autoRemove = true
        let removed = try store.create(config: config, image: TemporaryAppStore.image)
        #expect(access(store.statePath(of: removed.id), F_OK) != 0)
        #expect(store.loadState(of: removed.id).status == .created)
        let kept = try store.create(config: AppContainerConfig(image: "busybox"), image: TemporaryAppStore.image)
        #expect(access(store.statePath(of: kept.id), F_OK) != 0)
        #expect(store.loadState(of: kept.id).status == .created)
    }

    @Test func runningStateWithoutLiveProcessReadsAsExited() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        let record = try store.create(config: AppContainerConfig(image: "busybox"), image: TemporaryAppStore.image)
        try store.saveState(AppContainerState(status: .running, startedAt: "t0"), of: record.id)
        try FileIO.makeDirectories(store.runDirectory(of: record.id))
        // A pid that cannot be alive with this start time.
        try store.saveRunState(AppRunState(pid: 1, pidStartTime: 999_999_999, supervisorPid: 1, supervisorStartTime: 999_999_999,
                                           cgroupPath: "cbench/app-x", storeRoot: store.root), of: record.id)
        #expect(store.loadState(of: record.id).status == .exited)
        try store.saveState(AppContainerState(status: .exited, exitCode: 3, startedAt: "t0", finishedAt: "t1"), of: record.id)
        #expect(store.loadState(of: record.id) == AppContainerState(status: .exited, exitCode: 3, startedAt: "t0", finishedAt: "t1"))
    }

    @Test func removeFilesTakesDirectoryNameAndRunState() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        let record = try store.create(config: AppContainerConfig(image: "busybox", name: "gone"), image: TemporaryAppStore.image)
        try FileIO.write(store.upperDirectory(of: record.id) + "/file", [1, 2, 3])
        store.removeFiles(id: record.id, name: record.name)
        #expect(access(store.directory(of: record.id), F_OK) != 0)
        #expect(store.containerID(named: "gone") == nil)
        #expect(store.ids().isEmpty)
    }
}

@Suite struct AppLaunchSpecTests {
    @Test func recordBecomesLaunchSpec() throws {
        let temporary = try TemporaryAppStore()
        let store = temporary.store
        let config = AppContainerConfig(image: "busybox", name: "app", command: ["id"], environment: ["A=1"], workingDirectory: "/tmp",
                                        user: "www", hostname: "apphost", memoryBytes: 64 << 20, pidsLimit: 20, cpus: 0.5, readOnly: true)
        let record = try store.create(config: config, image: TemporaryAppStore.image)
        let spec = try record.launchSpec(store: store, readFile: { path in
            path == "/etc/passwd" ? "www:x:33:34::/var/www:/bin/sh\n" : nil
        })
        #expect(spec.args == ["id"])
        #expect(spec.environment == [AppProcess.defaultPath, "HOSTNAME=apphost", "A=1", "HOME=/var/www"])
        #expect(spec.workingDirectory == "/tmp")
        #expect(spec.user == UserSpec(uid: 33, gid: 34))
        #expect(spec.hostname == "apphost")
        #expect(spec.namespaces.map(\.kind) == [.mount, .pid, .network, .uts, .ipc])
        #expect(spec.rootfs == RootfsSpec(.overlay(lower: ["/layers/top", "/layers/middle", "/layers/bottom"],
                                                   upper: store.upperDirectory(of: record.id), work: store.workDirectory(of: record.id)),
                                          readonly: true))
        #expect(spec.mounts.contains { $0.destination == "/etc/hosts" && $0.source == store.hostsPath(of: record.id) })
        #expect(record.cgroupResources == CgroupResources(memoryLimit: 64 << 20, pidsLimit: 20, cpuQuota: 50_000, cpuPeriod: 100_000))
    }

    @Test func onlyARemovedContainersRootIsVolatile() throws {
        let temporary = try TemporaryAppStore()
        for autoRemove in [true, false] {
            var config = AppContainerConfig(image: "busybox", command: ["true"])
            config.autoRemove = autoRemove
            let record = try temporary.store.create(config: config, image: TemporaryAppStore.image)
            let spec = try record.launchSpec(store: temporary.store, readFile: { _ in nil })
            #expect(spec.rootfs?.volatile == autoRemove)
        }
    }

    @Test func restoreRemovesOnlyTheVolatileMarker() throws {
        let temporary = try TemporaryAppStore()
        let work = temporary.directory + "/work"
        try FileIO.makeDirectories(work + "/work/incompat/volatile")
        try AppRuntime.removeVolatileMarker(work: work)
        #expect(access(work + "/work/incompat/volatile", F_OK) != 0)
        #expect(access(work + "/work/incompat", F_OK) == 0)
        try AppRuntime.removeVolatileMarker(work: work)
        try FileIO.makeDirectories(work + "/work/incompat/volatile/inside")
        #expect(throws: CoreError.self) { try AppRuntime.removeVolatileMarker(work: work) }
    }

    @Test func usernsRemapMapsRootTo100000() throws {
        let temporary = try TemporaryAppStore()
        let record = try temporary.store.create(config: AppContainerConfig(image: "busybox", command: ["true"], usernsRemap: true),
                                                image: TemporaryAppStore.image)
        let spec = try record.launchSpec(store: temporary.store, readFile: { _ in nil })
        #expect(spec.namespaces.first?.kind == .user)
        #expect(spec.uidMappings == [IDMapping(containerID: 0, hostID: 100_000, size: 65_536)])
    }

    @Test func whiteoutHidesALowerFile() throws {
        let temporary = try TemporaryAppStore()
        let upper = temporary.directory + "/upper", lower = temporary.directory + "/lower"
        try FileIO.makeDirectories(upper + "/etc")
        try FileIO.makeDirectories(lower + "/etc")
        try FileIO.write(lower + "/etc/passwd", Array("x".utf8))
        #expect(AppContainerRecord.readContainerFile("/etc/passwd", layers: [upper, lower]) == "x")
        try FileIO.write(upper + "/etc/passwd", Array("y".utf8))
        #expect(AppContainerRecord.readContainerFile("/etc/passwd", layers: [upper, lower]) == "y")
    }
}
