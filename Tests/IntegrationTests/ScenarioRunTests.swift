import Foundation
import Glibc
import NamespaceCore
import Reports
import Results
import Scenarios
import Targets
import Testing

/// The scenario engine for real, in-process through the Scenarios API: the shipped isolation
/// and startup files on cbench-oci-lib and crun, two iterations each.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available, "needs root and the busybox rootfs"))
struct ScenarioRunTests {
    static let targets = [LibraryOCITarget.targetName, "crun"]

    @Test func isolationAndStartupMeasureEveryCellAndLeaveNothing() throws {
        let out = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let parser = ScenarioParser(busyboxRootfs: ScenarioTestSupport.busyboxRootfs)
        var scenarios = try ["isolation.yaml", "startup.yaml"].flatMap {
            try parser.parse(file: ScenarioTestSupport.scenarioFile($0)).scenarios
        }
        for index in scenarios.indices where scenarios[index].kind is PerformanceKind {
            scenarios[index].warmup = 0
            scenarios[index].iterations = 2
            scenarios[index].adaptive = nil
        }
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        let outcome = try ScenarioTestSupport.execute(ScenarioSuite(name: "itest", scenarios: scenarios), targets: Self.targets, into: out)

        // results.json decodes and is the document the session returned.
        let document = try ResultsDocument.load(from: URL(fileURLWithPath: out + "/results.json"))
        #expect(document.partial == false)
        #expect(document.features == outcome.document.features)
        let crun = document.targets.first { $0.name == "crun" }
        try #require(crun?.skipped == nil, "crun was skipped: \(crun?.skipped ?? "")")

        // Every isolation cell of both targets is supported, with its evidence.
        for target in Self.targets {
            for row in IsolationJudge.rows {
                let cell = document.features.first { $0.target == target && $0.feature == "\(row) isolation" }
                #expect(cell?.outcome == .supported, "\(row) on \(target): \(cell?.detail ?? "missing") \(cell?.evidence ?? "")")
                #expect(!(cell?.evidence.isEmpty ?? true), "\(row) on \(target) has no evidence")
            }
        }

        // Startup: two samples per target, summarized.
        for target in Self.targets {
            let series = document.measurements.first { $0.scenario == "startup" && $0.metric == "create-to-exit" && $0.target == target }
            #expect(series?.samples.count == 2, "create-to-exit samples of \(target)")
            #expect(series?.summary?.n == 2)
        }

        // Each measured step first waited for the kernel's teardown of the steps before it,
        // on every target alike, and the waits are in the results.
        let settle = document.tables.first { $0.scenario == "startup" && $0.name == "settle" }
        let waits = Dictionary(uniqueKeysWithValues: (settle?.rows ?? []).map { ($0[0].description, $0[1]) })
        #expect(waits == Dictionary(uniqueKeysWithValues: Self.targets.map { ($0, ResultValue.number(2)) }), "settle: \(String(describing: settle))")

        // The reports sit next to results.json, plots included.
        for file in ["features.md", "features.csv", "performance.md", "performance.csv", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file) missing")
        }
        let plots = (try? FileManager.default.contentsOfDirectory(atPath: out + "/plots")) ?? []
        #expect(plots.contains("startup-create-to-exit-cdf.svg"), "plots: \(plots)")
        // The PNG plots are gnuplot's: made where it is installed, and none where it is not.
        let gnuplot = ExecutablePath.find("gnuplot", environment: ProcessInfo.processInfo.environment) != nil
        #expect(plots.contains("startup-create-to-exit-box.png") == gnuplot, "gnuplot installed: \(gnuplot); plots: \(plots)")

        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: getpid(), cgroupsBefore: cgroupsBefore) == [])
    }
}
