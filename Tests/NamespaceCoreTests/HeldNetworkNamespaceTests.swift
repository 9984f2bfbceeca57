#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import NamespaceCore

/// A published port's namespace is held by descriptor, and only from a process still there.
@Suite struct HeldNetworkNamespaceTests {
    @Test func aLiveProcessesNamespaceIsHeldAsTheSameObject() throws {
        let held = try HeldNetworkNamespace(ofProcess: getpid())
        var mine = stat(), ours = stat()
        #expect(stat("/proc/self/ns/net", &mine) == 0 && fstat(held.descriptor, &ours) == 0)
        #expect(mine.st_ino == ours.st_ino && mine.st_dev == ours.st_dev)
        #expect(held.path == "/proc/self/fd/\(held.descriptor)")
    }

    /// A child that has ended (kept as a zombie, so its pid is not reused under the test) is an
    /// error naming the pid, never a namespace.
    @Test func anEndedProcessIsAnError() throws {
        let child = try Spawn(["/bin/true"]).start()
        var info = siginfo_t()
        #expect(waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT) == 0)
        let error = #expect(throws: CoreError.self) { try HeldNetworkNamespace(ofProcess: child.pid) }
        #expect(error?.description.contains("pid \(child.pid)") == true, "\(String(describing: error))")
        _ = try child.wait()
    }
}
