import Foundation
import Results
import Testing
@testable import Reports

@Suite struct TableTests {
    @Test func featureMatrixMarkdownLinksEveryCellToItsEvidence() {
        let markdown = FeatureMatrix(ReportFixture.document()).markdown()
        #expect(markdown.contains("| feature | cbench-app | crun | runc |"))
        let anchor = FeatureMatrix.anchor(feature: "seccomp filter", target: "runc")
        #expect(anchor == "evidence-seccomp-filter--runc")
        #expect(markdown.contains("| seccomp filter | [✅ supported](#evidence-seccomp-filter--cbench-app) | [✅ supported](#evidence-seccomp-filter--crun) | [⚠️ failed to measure](#\(anchor)) |"))
        #expect(markdown.contains("<a id=\"\(anchor)\"></a>"))
        #expect(markdown.contains("probe crashed (SIGSEGV)"))
        // The pipe in the evidence stays inside its code block; in the table it would split a cell.
        #expect(markdown.contains("runc checkpoint: ok | restore: ok"))
        #expect(markdown.contains("[❌ not supported](#evidence-checkpoint-restore--crun)"))
    }

    @Test func featureMatrixCSVHasARowPerCellWithItsEvidence() {
        let lines = FeatureMatrix(ReportFixture.document()).csv().components(separatedBy: "\r\n")
        #expect(lines[0] == "feature,group,target,outcome,disagrees with,detail,command,evidence")
        #expect(lines[1] == "user namespace,,cbench-app,supported,,,,uid_map: 0 100000 65536")
        #expect(lines[6] == "seccomp filter,,runc,failed to measure,,probe crashed (SIGSEGV),,\"probe exited with signal 11 before printing\n<no output>\"")
        #expect(lines.contains("checkpoint/restore,,crun,not supported,,built without CRIU,,crun: checkpoint: this version of crun was built without CRIU support"))
    }

    @Test func unmeasuredCellsSayso() {
        var document = ReportFixture.document()
        document.features.removeAll { $0.feature == "user namespace" && $0.target == "crun" }
        let matrix = FeatureMatrix(document)
        #expect(matrix.markdown().contains("| user namespace | [✅ supported](#evidence-user-namespace--cbench-app) | not measured |"))
        #expect(!matrix.csv().contains("user namespace,,crun,"))
    }

    @Test func csvQuotesWhatNeedsIt() {
        #expect(CSV.line(["a,b", "say \"hi\"", "plain", "two\nlines"]) == "\"a,b\",\"say \"\"hi\"\"\",plain,\"two\nlines\"\r\n")
    }

    @Test func markdownFenceOutgrowsBackticksInEvidence() {
        #expect(Markdown.fenced("a ``` b").hasPrefix("````text\n"))
        #expect(Markdown.cell("a|b\nc") == "a\\|b c")
    }

    @Test func performanceTableRatiosAgainstTheReference() throws {
        let document = ReportFixture.document().summarized()
        let table = PerformanceTable(document)
        #expect(table.reference == "cbench-app")
        #expect(table.groups.map(\.metric) == ["start-to-exit", "memory per container"])
        let startup = try #require(table.groups.first)
        #expect(startup.rows.map(\.target) == ["cbench-app", "crun", "runc"])
        #expect(startup.rows[0].p50Ratio == 1)
        let runc = try #require(startup.rows.last?.summary)
        let own = try #require(startup.rows.first?.summary)
        #expect(startup.rows[2].p50Ratio == runc.p50 / own.p50)
        let density = table.groups[1]
        #expect(density.isSweep)
        #expect(density.rows.prefix(4).map { $0.parameters["containers"] } == ["10", "50", "100", "200"])

        let byCrun = PerformanceTable(document, reference: "crun")
        #expect(byCrun.groups[0].rows[1].p50Ratio == 1)
    }

    /// The harness's no-op target is measured first in a timed run; the default reference is
    /// still the first container target, not it.
    @Test func theHarnessTargetIsNeverTheDefaultReference() {
        var document = ReportFixture.document()
        document.targets.insert(TargetInfo(name: "noop", version: "dev"), at: 0)
        var harness = document.measurements[0]
        harness.target = "noop"
        harness.scenario = "harness"
        document.measurements.insert(harness, at: 0)
        #expect(PerformanceTable(document.summarized()).reference == "cbench-app")
    }

    @Test func performanceMarkdownAndCSV() {
        let table = PerformanceTable(ReportFixture.document().summarized())
        let markdown = table.markdown()
        #expect(markdown.contains("## startup: start-to-exit (ms, lower is better)"))
        #expect(markdown.contains("| target | n | failed | min | p50 | p90 | p99 | max | mean | stddev | cv | median 95% CI | p50 / ref | p90 / ref |"))
        #expect(markdown.contains("| cbench-app | 40 | 0 |"))
        #expect(markdown.contains("| runc | 40 | 1 |"))
        #expect(markdown.contains("| runc | containers=200 | 5 | 0 |"))
        #expect(markdown.contains("**Warning:** runc: 1 of 41 iterations failed in startup; its numbers count only the 40 that succeeded."))
        #expect(markdown.contains("What each number covers: cbench-app: the whole run; crun: the whole run; runc: runc create + start + wait + delete."))
        #expect(markdown.contains("Resolution: 0.2500 MB"))
        #expect(markdown.contains("linear"))
        let lines = table.csv().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 3 + 12)
        #expect(lines[0].hasPrefix("scenario,metric,unit,higher_is_better,target,parameters,n,failed,min,p50"))
        #expect(lines[1].hasPrefix("startup,start-to-exit,ms,false,cbench-app,,40,0,"))
        #expect(lines.contains { $0.hasPrefix("density,memory per container,MB,false,crun,containers=50,5,0,") })
    }

    /// A target whose every iteration failed still has a row: n 0 and its failures.
    @Test func aTargetThatOnlyFailedHasARowWithItsFailures() throws {
        var document = ReportFixture.document()
        document.targets.append(TargetInfo(name: "docker"))
        document.failures += (0..<3).map {
            FailureRecord(scenario: "startup", target: "docker", iteration: $0, stage: "run", error: "dockerd: no answer")
        }
        let table = PerformanceTable(document.summarized())
        let docker = try #require(table.groups.first?.rows.first { $0.target == "docker" })
        #expect(docker.summary == nil && docker.failed == 3)
        #expect(!table.groups[1].rows.contains { $0.target == "docker" })
        #expect(table.markdown().contains("| docker | 0 | 3 | – |"))
        #expect(table.failureWarnings.contains("docker: 3 of 3 iterations failed in startup; its numbers count only the 0 that succeeded"))

        // A scenario with no sample at all still gets its headline table.
        document.scenarios.append(ScenarioEntry(name: "falls", kind: "performance",
                                                metrics: [MetricDefinition(name: "create-to-exit", unit: "ms", better: .lower)]))
        document.failures.append(FailureRecord(scenario: "falls", target: "crun", iteration: 0, stage: "exit", error: "exited with 1"))
        let falls = try #require(PerformanceTable(document.summarized()).groups.last)
        #expect(falls.scenario == "falls" && falls.rows.map(\.failed) == [1])
    }
}
