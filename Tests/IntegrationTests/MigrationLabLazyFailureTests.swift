#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization
import Testing
import NamespaceCore

/// Post-copy's "nothing lost" when the destination fails after its lazy-pages daemon connected
/// (the test ends that daemon by pid as soon as it runs on lab2). CRIU takes its page server's
/// peer going away for the last page served and ends its dump; the source, dumped to be left
/// frozen rather than ended, runs on here, and the failure says so. Before, CRIU ended the
/// source's tree with its dump and the move said the source was gone.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct MigrationLabLazyFailureTests {
    @Test func anAppSourceRunsOnWhenTheDestinationsLazyPagesDaemonEnds() throws {
        try LabTestSupport.withLab(hosts: 2) {
            for host in ["lab1", "lab2"] {
                try MigrationLabAppRollbackTests.ok(host, "cbench", "app", "import", "/var/lib/cbench/rootfs/busybox", "busybox")
                try MigrationLabAppRollbackTests.ok(host, "cbench", "app", "network", "create", "--subnet", "10.79.2.0/24", "pl")
            }
            defer {
                for host in ["lab1", "lab2"] {
                    _ = try? LabTestSupport.inLab(host, "cbench", "app", "rm", "-f", "c")
                    _ = try? LabTestSupport.inLab(host, "cbench", "app", "network", "rm", "pl")
                }
            }
            try MigrationLabAppRollbackTests.ok("lab1", "cbench", "app", "run", "-d", "--network", "pl", "--ip", "10.79.2.77", "--name", "c",
                                                "busybox", "sh", "-c", MigrationLabAppRollbackTests.counting)
            let before = try #require(try MigrationLabAppRollbackTests.countAbove(1, on: "lab1"), "the counter never counted on lab1")

            let killer = LazyPagesDaemonKiller()
            let failed = try LabTestSupport.inLab("lab1", "cbench", "app", "migrate", "c", "--to", "lab2", "--strategy", "post-copy")
            let killed = killer.stop()
            try #require(killed != nil, "no lazy-pages daemon ran on the destination: \(failed.output)")
            #expect(failed.status != 0, "moved although its lazy-pages daemon was ended: \(failed.output)")
            #expect(failed.output.contains("the source is restored and running here")
                    && failed.output.contains("nothing of it is left on the destination"), "\(failed.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "c").status != 0, "nothing of c on lab2")
            #expect(try MigrationLabAppRollbackTests.countAbove(before, on: "lab1") != nil,
                    "the counter does not go on from \(before) on lab1: \(failed.output)")
        }
    }
}

/// Ends, by pid, every `criu lazy-pages` daemon given a connection (`--ps-socket`: a post-copy
/// destination's) that starts after it is made, until `stop`.
final class LazyPagesDaemonKiller: Sendable {
    private let state = Mutex<(stopped: Bool, killed: Int32?)>((false, nil))
    private let ended = DispatchSemaphore(value: 0)

    init() {
        let present = Self.daemons()
        DispatchQueue.global().async { [self] in
            while !state.withLock({ $0.stopped }) {
                for pid in Self.daemons().subtracting(present) where kill(pid, SIGKILL) == 0 {
                    state.withLock { $0.killed = $0.killed ?? pid }
                }
                usleep(1_000)
            }
            ended.signal()
        }
    }

    /// Stops watching; the first daemon it ended, if any.
    func stop() -> Int32? {
        state.withLock { $0.stopped = true }
        ended.wait()
        return state.withLock { $0.killed }
    }

    static func daemons() -> Set<Int32> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return Set(entries.compactMap(Int32.init).filter { pid in
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let words = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.contains("lazy-pages") && words.contains("--ps-socket")
        })
    }
}
