#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import Checkpoints

/// The lazy-pages daemon's end as a restore judges it, with a shell standing in for criu: its
/// exit status comes back (a restore kills its tree unless it is 0), a daemon that outlives
/// the wait is killed and reported as such, and the one line names the status and the log's
/// first error.
struct LazyPagesDaemonTests {
    let service = CRIUService(executable: "/bin/sh")

    func started(_ script: String) throws -> pid_t {
        try service.starter.start(["/bin/sh", "-c", script], descriptors: [:], outputPath: nil)
    }

    @Test func aDaemonThatFailedIsReportedWithItsStatus() throws {
        let pid = try started("exit 3")
        #expect(service.finishLazyPagesDaemon(pid, timeoutMilliseconds: 10_000) == .exited(3))
    }

    @Test func aDaemonThatFinishedIsReportedAsExitedZero() throws {
        let pid = try started("exit 0")
        #expect(service.finishLazyPagesDaemon(pid, timeoutMilliseconds: 10_000) == .exited(0))
    }

    @Test func aDaemonStillRunningAfterTheWaitIsKilledAndSaidSo() throws {
        let pid = try started("sleep 30")
        #expect(service.finishLazyPagesDaemon(pid, timeoutMilliseconds: 50) == nil)
        #expect(kill(pid, 0) != 0, "the daemon was killed and reaped")
    }

    @Test func theLineNamesTheStatusAndTheLogsFirstError() throws {
        var template = Array("/tmp/cbench-lazylog-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { _ = try? FileIO.removeTree(directory) }
        try FileIO.write("\(directory)/lazy-pages.log", Array("(00.001) Info\n(00.020) Error (criu/page-xfer.c:1): Can't connect to the page server\n".utf8))
        let line = service.lazyPagesFailure(.exited(1), workDirectory: directory)
        #expect(line.hasPrefix("criu lazy-pages exited with 1"), "\(line)")
        #expect(line.contains("Can't connect to the page server"), "\(line)")
        #expect(service.lazyPagesFailure(nil, workDirectory: directory).contains("did not finish in time and was killed"))
    }
}
