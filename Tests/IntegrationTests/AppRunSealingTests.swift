import Foundation
import NamespaceCore
import Testing

/// Which `cbench app run` re-executes itself from a sealed handle at start-up (execveat of the
/// handle, CShim seal_policy.c): none without a published port (its container always gets a new pid
/// namespace), one with `-p`, whose relay enters the container's network namespace; `exec` always;
/// `rm -f` of a running container never (it signals and removes from the host).
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppRunSealingTests {
    func sealingExecs(_ harness: AppTestHarness, _ arguments: [String]) throws -> Int {
        let trace = harness.root + "/.strace"
        defer { unlink(trace) }
        let outcome = try harness.app(arguments, under: ["strace", "-f", "-qq", "-e", "trace=execveat", "-o", trace])
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return FileIO.contents(trace).split(separator: "\n").filter { $0.contains("execveat(") && !$0.contains("resumed") }.count
    }

    @Test func appRunSealsOnlyWhenItPublishesAPortAndRmNever() throws {
        let harness = try AppTestHarness("seal")
        defer { harness.tearDown() }
        #expect(try sealingExecs(harness, ["run", "--rm", harness.image, "true"]) == 0)
        let port = Int.random(in: 20_000...40_000)
        #expect(try sealingExecs(harness, ["run", "--rm", "-p", "127.0.0.1:\(port):80", harness.image, "true"]) == 1)
        let name = harness.name("sealexec")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sleep", "60"])
        #expect(try sealingExecs(harness, ["exec", name, "true"]) == 1)
        #expect(try sealingExecs(harness, ["rm", "-f", name]) == 0, "rm acts from the host only")
        #expect(harness.leftovers().isEmpty)
    }
}
