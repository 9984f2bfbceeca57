#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AppContainers
import NamespaceCore
import NamespaceCoreTesting

/// `rm -f` and `kill` race the supervisor, which removes the container's cgroup once its
/// processes are gone: a cgroup that went meanwhile is not an error, anything else is. Each
/// cgroup holds a process, so that killAll freezes it (an empty one is not frozen).
@Suite struct AppKillRaceTests {
    @Test(arguments: [ENOENT, ENODEV])
    func aCgroupRemovedMeanwhileIsNotAnError(code: Int32) throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/app-1", host: host)
        try cgroup.addProcess(10)
        fs.failWrites(endingWith: "freezer.state", errno: code)
        try AppRuntime.killAllIgnoringRemoval(cgroup)
    }

    @Test func anotherFailureOfTheKillIsReported() throws {
        let (host, fs) = FakeCgroupFS.sampleHost(.v1)
        let cgroup = try Cgroup.create(path: "cbench/app-1", host: host)
        try cgroup.addProcess(10)
        fs.failWrites(endingWith: "freezer.state", errno: EACCES)
        #expect(throws: CoreError.self) { try AppRuntime.killAllIgnoringRemoval(cgroup) }
    }
}
