#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import NamespaceCore

/// Post-copy's "nothing lost", both modes, when the destination fails after its lazy-pages daemon
/// connected (the test ends that daemon by pid as soon as it runs on lab2). CRIU takes its page server's
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

            let killer = NewProcessKiller.lazyPagesDaemons()
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

    @Test func aSystemSourceRunsOnWhenTheDestinationsLazyPagesDaemonEnds() throws {
        try LabTestSupport.withLab(hosts: 2) {
            try MigrationLabPostCopyTests.bridge("cbenchlf0", on: ["lab1", "lab2"])
            try MigrationLabPostCopyTests.startCounter(bridge: "cbenchlf0")
            defer { _ = try? LabTestSupport.inLab("lab1", "cbench", "system", "destroy", "s", "--force") }
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")

            let killer = NewProcessKiller.lazyPagesDaemons()
            let failed = try LabTestSupport.inLab("lab1", "timeout", "-k", "10", "120",
                                                  "cbench", "system", "migrate", "s", "--to", "lab2", "--strategy", "post-copy")
            let killed = killer.stop()
            try #require(killed != nil, "no lazy-pages daemon ran on the destination: \(failed.output)")
            #expect(failed.status != 0, "moved although its lazy-pages daemon was ended: \(failed.output)")
            #expect(failed.output.contains("the source is running"), "\(failed.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "info", "s").status != 0, "nothing of s on lab2")
            #expect(try LabCounterContainer.countAbove(before, on: "lab1") != nil, "the counter does not go on from \(before) on lab1: \(failed.output)")
            let links = try LabTestSupport.inLab("lab1", "ip", "-o", "link", "show", "master", "cbenchlf0").output
            #expect(links.contains(",UP") && !links.contains("state DOWN"), "s's host link is up again: \(links)")
        }
    }
}
