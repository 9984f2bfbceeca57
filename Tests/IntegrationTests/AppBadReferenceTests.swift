import Foundation
import Testing
import NamespaceCore

/// Commands on a container that does not exist, or that exists but does not run, as a user
/// meets them through the CLI: one line naming the container and the way out, a non-zero exit
/// where Docker has one, and nothing made.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppBadReferenceTests {
    @Test(arguments: [["exec", "NAME", "true"], ["logs", "NAME"], ["stop", "NAME"], ["start", "NAME"], ["kill", "NAME"],
                      ["rm", "NAME"], ["inspect", "NAME"]])
    func unknownContainer(_ command: [String]) throws {
        let harness = try AppTestHarness("unknownref")
        defer { harness.tearDown() }
        let name = harness.name("nosuch")
        let outcome = try harness.app(command.map { $0 == "NAME" ? name : $0 })
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("container \(name)") && outcome.stderr.contains("no such container"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(harness.leftovers().isEmpty)
    }

    /// A created, never started container: exec and kill say it is not running and how to
    /// start it; stop is a no-op success and logs are empty, as in Docker.
    @Test func containerThatDoesNotRun() throws {
        let harness = try AppTestHarness("stoppedref")
        defer { harness.tearDown() }
        let name = harness.name("idle")
        try harness.ok(["create", "--name", name, harness.image, "sleep", "100"])
        for command in [["exec", name, "true"], ["kill", name]] {
            let outcome = try harness.app(command)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("is not running (start it with `cbench app start \(name)`)"), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
        #expect(try harness.app(["stop", name]).status == 0)
        #expect(try harness.ok(["logs", name]).isEmpty)
        #expect(try harness.ok(["ps", "-a"]).contains("Created"))
        try harness.ok(["rm", name])
        #expect(harness.leftovers().isEmpty)
    }
}
