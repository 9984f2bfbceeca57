import Foundation
import Testing
import NamespaceCore

/// Bad `--security-opt`, `--userns` and `-m` values of `cbench app run` (its own fast parser)
/// and `cbench app create` (the argument parser), as a user types them: one line naming the
/// option, the value and what it takes; a non-zero exit (125 for run, as docker's own
/// failures); and no container, name, run state, cgroup or mount left.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppOptionBadInputTests {
    struct BadValue: Sendable, CustomTestStringConvertible {
        var options: [String]
        /// Parts the one line must hold: the option, the value, the way out.
        var message: [String]
        var testDescription: String { options.joined(separator: " ") }
    }

    static let values: [BadValue] = [
        BadValue(options: ["--security-opt", "apparmor=unconfined"],
                 message: ["--security-opt", "'apparmor=unconfined' is not supported", "seccomp=unconfined"]),
        BadValue(options: ["--security-opt", "seccomp=/nonexistent/cbench-profile.json"],
                 message: ["/nonexistent/cbench-profile.json"]),
        BadValue(options: ["--userns", "keep-id"], message: ["--userns", "'keep-id' is not supported; use remap or host"]),
        BadValue(options: ["-m", "lots"], message: ["--memory lots", "give bytes or a size like 64m or 1g"]),
        BadValue(options: ["-m", "0"], message: ["--memory 0", "give bytes or a size like 64m or 1g"]),
        BadValue(options: ["--memory", "12q"], message: ["--memory 12q", "give bytes or a size like 64m or 1g"]),
    ]

    enum Verb: String, CaseIterable, Sendable {
        case run, runDetached, create

        func arguments(name: String) -> [String] {
            switch self {
            case .run: ["run", "--rm", "--name", name]
            case .runDetached: ["run", "-d", "--name", name]
            case .create: ["create", "--name", name]
            }
        }
    }

    @Test(arguments: values, Verb.allCases)
    func refusedOnOneLineWithNothingMade(_ bad: BadValue, _ verb: Verb) throws {
        let harness = try AppTestHarness("badopt")
        defer { harness.tearDown() }
        let name = harness.name("bad")
        let cgroups = Cgroup.leftovers(host: try CgroupHost.current())
        let outcome = try harness.app(verb.arguments(name: name) + bad.options + [harness.image, "true"])
        #expect(outcome.status != 0)
        if verb != .create { #expect(outcome.status == 125, "docker's code for its own failure, not the container's") }
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        for part in bad.message { #expect(outcome.stderr.contains(part), "'\(part)' missing from: \(outcome.stderr)") }
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        #expect(try harness.ok(["ps", "-a", "-q"]).isEmpty)
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
        #expect(Cgroup.leftovers(host: try CgroupHost.current()) == cgroups)
    }
}
