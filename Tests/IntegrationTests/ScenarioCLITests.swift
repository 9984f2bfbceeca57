import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Targets
import Testing

/// `cbench run`, `compare` and friends as a user calls them, through the built binary: failed
/// steps give exit 3 and are in results.json, helpers are found from the binary and not from
/// the current directory, file errors are one line with their place. In ScenarioRunTests'
/// serialized suite.
extension ScenarioRunTests {
    /// Runs the built cbench in `/` with `arguments`; CBENCH_PROBE empty so the probe must be
    /// found from the binary's own location.
    static func cbench(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let outcome = try BuiltCLI.cbench(arguments, environment: ["CBENCH_PROBE": ""], directory: "/")
        return (outcome.status, outcome.stdout, outcome.stderr)
    }

    static let failingSuite = """
    suite: failing
    scenarios:
      - name: isolation
        kind: feature
        targets: [cbench-oci-lib]
        rootfs: busybox
        workload:
          command: [/cbench-probe, --marker, "{marker}", --connect, "{loopback}"]
        probes: [uts, process]
      - name: falls
        kind: performance
        targets: [cbench-oci-lib]
        rootfs: busybox
        iterations: 2
        workload:
          command: ["false"]
        metrics: [create-to-exit]
    """

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs the built cbench"))
    func failedStepsExitThreeAndTheProbeIsFoundFromTheBinaryNotTheCurrentDirectory() throws {
        let directory = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.failingSuite.write(toFile: directory + "/failing.yaml", atomically: false, encoding: .utf8)
        let run = try Self.cbench(["run", directory + "/failing.yaml", "--out", directory + "/out", "--quiet"])
        #expect(run.status == 3, "stderr: \(run.stderr)")
        let document = try ResultsDocument.load(from: URL(fileURLWithPath: directory + "/out/results.json"))
        let failures = document.failures.filter { $0.scenario == "falls" }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.stage == "exit" && $0.error.contains("the container exited with 1") && !$0.interrupted })
        for feature in ["uts isolation", "process isolation"] {
            #expect(document.features.first { $0.feature == feature }?.outcome == .supported, "\(feature): \(document.features)")
        }
        let table = try String(contentsOfFile: directory + "/out/performance.md", encoding: .utf8)
        #expect(table.contains("| cbench-oci-lib | 0 | 2 |"), "\(table)")
        #expect(try String(contentsOfFile: directory + "/out/failures.md", encoding: .utf8).contains("**Warning:** cbench-oci-lib: 2 failed steps"))
    }

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs the built cbench"))
    func fileErrorsAreOneLineWithTheirPlaceAndNoUsage() throws {
        let directory = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "name: x\nkind: performance\nkind: feature\n".write(toFile: directory + "/twice.yaml", atomically: false, encoding: .utf8)
        let twice = try Self.cbench(["run", directory + "/twice.yaml"])
        #expect(twice.status == 64)
        #expect(twice.stderr == "cbench: \(directory)/twice.yaml:3:1: kind: duplicate key (first at line 2)\n", "\(twice.stderr)")
        let missing = try Self.cbench(["run", directory + "/nothing.yaml"])
        #expect(missing.stderr == "cbench: no such file: \(directory)/nothing.yaml\n")
        #expect(missing.status == 1)
        let compare = try Self.cbench(["compare", directory + "/a.json", directory + "/b.json"])
        #expect(compare.stderr == "cbench: no such file: \(directory)/a.json\n" && compare.status == 1)
        try "{}".write(toFile: directory + "/a.json", atomically: false, encoding: .utf8)
        try "{}".write(toFile: directory + "/b.json", atomically: false, encoding: .utf8)
        let unreadable = try Self.cbench(["compare", directory + "/a.json", directory + "/b.json"])
        #expect(unreadable.stderr.hasPrefix("cbench: \(directory)/a.json: decode results"), "\(unreadable.stderr)")
        #expect(!(twice.stderr + missing.stderr + unreadable.stderr).contains("USAGE"))
    }
}
