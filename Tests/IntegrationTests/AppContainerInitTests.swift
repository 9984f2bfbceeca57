import Foundation
import Testing
import NamespaceCore

/// `--init`: cbench-init is PID 1, reaps orphaned zombies and passes the stop signal on.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available && InitLocator.find() != nil, "needs root, a built cbench, the busybox rootfs and cbench-init"))
struct AppContainerInitTests {
    @Test func initIsPidOneAndReapsOrphans() throws {
        let harness = try AppTestHarness("init")
        defer { harness.tearDown() }
        // The inner shell exits at once: its background sleep is orphaned to PID 1 and,
        // once done, must be reaped there rather than stay a zombie. Its /proc entry goes only
        // when it is reaped: that is waited for (bounded), not a guessed sleep.
        let script = """
            sh -c 'sleep 0.2 & echo $! > /tmp/orphan'; pid=$(cat /tmp/orphan); i=0
            while [ -e /proc/$pid ] && [ $i -lt 200 ]; do i=$((i+1)); sleep 0.05; done
            if [ -e /proc/$pid ]; then echo "left $(cut -d' ' -f3 /proc/$pid/stat)"; else echo reaped; fi
            ps -o stat,comm
            """
        let out = try harness.ok(["run", "--rm", "--init", harness.image, "sh", "-c", script])
        let lines = out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "reaped", "\(out)")
        #expect(!lines.dropFirst(2).contains { $0.hasPrefix("Z") }, "\(out)")
        #expect(out.contains("cbench-init"))
    }

    @Test func stopSignalIsForwardedThroughInit() throws {
        let harness = try AppTestHarness("initsig")
        defer { harness.tearDown() }
        let name = harness.name("fwd")
        try harness.ok(["run", "-d", "--init", "--name", name, harness.image, "sh", "-c",
                        "trap 'echo term; exit 5' TERM; echo up; while true; do sleep 0.1; done"])
        let pid1 = try harness.ok(["exec", name, "cat", "/proc/1/comm"])
        #expect(pid1 == "cbench-init\n")
        try harness.ok(["stop", "-t", "5", name])
        #expect(try harness.ok(["logs", name]) == "up\nterm\n")
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (5)"))
    }
}
