import Foundation
import Testing

/// `--security-opt no-new-privileges` (as its help says, and Docker's `:true` and `=false`
/// spellings) reaches the container's process and what `exec` starts in it, as the kernel
/// reports it in /proc/self/status; without it the flag is off, as in Docker.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppNoNewPrivilegesCLITests {
    @Test(arguments: [([String](), "0"), (["--security-opt", "no-new-privileges"], "1"),
                      (["--security-opt", "no-new-privileges:true"], "1"), (["--security-opt", "no-new-privileges=false"], "0")])
    func theKernelReportsIt(_ options: [String], _ expected: String) throws {
        let harness = try AppTestHarness("nnp")
        defer { harness.tearDown() }
        let read = ["sh", "-c", "grep '^NoNewPrivs:' /proc/self/status | tr -d '\t'"]
        #expect(try harness.ok(["run", "--rm"] + options + [harness.image] + read) == "NoNewPrivs:\(expected)\n")
        let name = harness.name("nnp")
        try harness.ok(["run", "-d", "--name", name] + options + [harness.image, "sleep", "100"])
        #expect(try harness.ok(["exec", name] + read) == "NoNewPrivs:\(expected)\n", "exec gets the container's setting")
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
    }
}
