import Foundation
import Testing
import NamespaceCore

/// `cbench baseline save/list` and `cbench run --baseline` through the CLI, with their exit
/// codes. cbench runs from an install prefix of its own below /tmp (bin/cbench, bin/cbench-oci,
/// share/cbench/Results/baselines/), so the baselines it saves never touch the checkout's
/// Results/. A real run is saved; the saved copy's samples are then scaled so that the next
/// real run is certainly a regression (2) or an improvement (4), a run that lacks a target
/// gives 5, a wide tolerance gives 0, and an unknown baseline stops before anything runs.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0 && CLITestHarness.available
                                && OCITestHarness.builtExecutable("cbench-oci") != nil, "needs root, a built cbench and cbench-oci, the busybox rootfs"))
struct BaselineCLITests {
    static let scenario = """
        suite: baselinecli
        scenarios:
          - name: startup
            kind: performance
            targets: [cbench-oci-lib, cbench-oci]
            rootfs: busybox
            warmup: 1
            iterations: 6
            workload:
              command: ["true"]
            metrics: [create-to-exit]

        """

    /// bin/cbench and bin/cbench-oci linked (or copied) from the build, and an empty Results/.
    struct Prefix {
        let root = "/tmp/cbench-basetest-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        var cbench: String { root + "/bin/cbench" }
        var baselines: String { root + "/share/cbench/Results/baselines" }

        init() throws {
            try FileIO.makeDirectories(root + "/bin", mode: 0o755)
            try FileIO.makeDirectories(root + "/share/cbench/Results", mode: 0o755)
            for name in ["cbench", "cbench-oci"] {
                let built = try #require(OCITestHarness.builtExecutable(name))
                if link(built, "\(root)/bin/\(name)") != 0 {
                    try FileManager.default.copyItem(atPath: built, toPath: "\(root)/bin/\(name)")
                }
            }
        }

        func run(_ arguments: [String]) throws -> SpawnResult {
            try Spawn([cbench] + arguments, environment: ["CBENCH_OCI": root + "/bin/cbench-oci"], directory: "/").run()
        }

        /// Scales the samples of `target` in baseline `name` by `factor` (summaries dropped, so
        /// they are computed from the samples again).
        func scale(_ name: String, target: String, by factor: Double) throws {
            let path = "\(baselines)/\(name).json"
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            var measurements = try #require(document["measurements"] as? [[String: Any]])
            var scaled = 0
            for index in measurements.indices where measurements[index]["target"] as? String == target {
                let samples = try #require(measurements[index]["samples"] as? [Double])
                measurements[index]["samples"] = samples.map { $0 * factor }
                measurements[index].removeValue(forKey: "summary")
                scaled += 1
            }
            try #require(scaled > 0, "no samples of \(target) in \(path)")
            document["measurements"] = measurements
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func saveListAndJudgeRunsWithEveryExitCode() throws {
        let prefix = try Prefix()
        defer { prefix.remove() }
        let file = prefix.root + "/scenario.yaml"
        try Self.scenario.write(toFile: file, atomically: false, encoding: .utf8)

        let empty = try prefix.run(["baseline", "list"])
        #expect(empty.status == 0 && empty.stdout.isEmpty, "\(empty.stdout)\(empty.stderr)")
        let first = try prefix.run(["run", file, "--out", prefix.root + "/first", "--quiet"])
        try #require(first.status == 0, "\(first.stderr)")

        // An unknown baseline stops the run before it measures or writes anything.
        let unknown = try prefix.run(["run", file, "--out", prefix.root + "/never", "--quiet", "--baseline", "nosuch"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nosuch") && unknown.stderr.contains("cbench baseline save"), "\(unknown.stderr)")
        #expect(unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: prefix.root + "/never"))
        let badName = try prefix.run(["baseline", "save", "../escape", prefix.root + "/first/results.json"])
        #expect(badName.status != 0 && badName.stderr.contains("'../escape' must be 1-100 of [A-Za-z0-9._-]"), "\(badName.stderr)")
        #expect(!FileManager.default.fileExists(atPath: prefix.root + "/share/cbench/Results/escape.json"))

        for name in ["same", "slower", "faster"] {
            let saved = try prefix.run(["baseline", "save", name, prefix.root + "/first/results.json"])
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(saved.stdout == "\(prefix.baselines)/\(name).json\n")
        }
        #expect(try prefix.run(["baseline", "list"]).stdout == "faster\nsame\nslower\n")
        // cbench-oci took 1000 times less against cbench-oci-lib in "slower", 1000 times more in "faster".
        try prefix.scale("slower", target: "cbench-oci", by: 0.001)
        try prefix.scale("faster", target: "cbench-oci", by: 1000)

        let cases: [(baseline: String, extra: [String], code: Int32, verdict: String)] = [
            ("slower", [], 2, "REGRESSION"),
            ("faster", [], 4, "IMPROVEMENT"),
            ("same", ["--targets", "cbench-oci-lib"], 5, "missing"),
            ("same", ["--threshold", "ratio=100000%"], 0, "UNCHANGED"),
        ]
        for (index, judged) in cases.enumerated() {
            let out = "\(prefix.root)/judged-\(index)"
            let run = try prefix.run(["run", file, "--out", out, "--quiet", "--baseline", judged.baseline,
                                      "--reference", "cbench-oci-lib"] + judged.extra)
            #expect(run.status == judged.code, "against \(judged.baseline) \(judged.extra): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains(judged.verdict), "\(run.stdout)")
            #expect(run.stdout.contains("exit \(judged.code)"), "the summary names the exit code: \(run.stdout)")
            #expect(FileManager.default.fileExists(atPath: out + "/results.json"), "a judged run keeps its results")
        }
    }
}
