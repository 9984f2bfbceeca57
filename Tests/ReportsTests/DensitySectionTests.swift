import Results
import Testing
@testable import Reports

/// The density section's goal lines: cbench's own modes against crun and LXC.
struct DensitySectionTests {
    @Test func goalsCompareMemoryAndTheKernelsShareWithCrunAndLXC() {
        let columns = ["target", "max containers", "MB per container", "kernel MB per container", "p90 at max / p90 at 100"]
        func row(_ target: String, _ numbers: [Double]) -> DensityRow {
            DensityRow(columns: columns, values: [.text(target)] + numbers.map(ResultValue.number))
        }
        let rows = [
            row("cbench-oci", [1000, 1.1, 0.4, 1.2]), row("crun", [1000, 0.7, 0.5, 1.1]),
            row("cbench-system", [500, 1.0, 0.6, 0.9]), row("lxc", [500, 2.0, 0.8, 1.0]),
        ]
        let lines = DensitySection().goals(rows).compactMap { block -> String? in
            if case .paragraph(let text) = block { return text }
            return nil
        }
        let oci = lines.first { $0.hasPrefix("cbench-oci") } ?? ""
        #expect(oci.contains("against crun's 0.7"))
        #expect(oci.contains("kernel 0.4000 MB per container against crun's 0.5000"))
        let system = lines.first { $0.hasPrefix("cbench-system") } ?? ""
        #expect(system.contains("kernel 0.6000 MB per container against LXC's 0.8000"))
        #expect(!lines.contains { $0.hasPrefix("crun") || $0.hasPrefix("lxc") })
    }

    @Test func aFilterCrunsContainersLackIsSaidBesideTheMemoryGoal() {
        let columns = ["target", "max containers", "MB per container", "seccomp filter"]
        func row(_ target: String, _ filter: String) -> DensityRow {
            DensityRow(columns: columns, values: [.text(target), .number(2000), .number(1.9), .text(filter)])
        }
        func appLine(_ rows: [DensityRow]) -> String {
            DensitySection().goals(rows).compactMap { block -> String? in
                if case .paragraph(let text) = block, text.hasPrefix("cbench-app") { return text }
                return nil
            }.first ?? ""
        }
        let filtered = appLine([row("cbench-app", "Docker's allowlist"), row("crun", "none")])
        #expect(filtered.contains("each of its containers carrying a seccomp filter (Docker's allowlist) and crun's none"), "\(filtered)")
        #expect(!appLine([row("cbench-app", "none (seccomp: none)"), row("crun", "none")]).contains("seccomp"))
        #expect(!appLine([row("cbench-app", "Docker's allowlist"), row("crun", "–")]).contains("seccomp"), "a run that does not say")
    }

    @Test func thePartSaysWhatTheWholeCostHoldsAndWhatItLeavesOut() throws {
        var document = ReportFixture.document()
        document.scenarios = [ScenarioEntry(name: "ramp", kind: "density", metrics: [])]
        document.tables = [ResultTable(scenario: "ramp", name: "density", title: "density", columns: ["target", "max containers"],
                                       rows: [[.text("docker"), .number(100)]])]
        let part = try #require(DensitySection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
        let markdown = part.markdown()
        #expect(markdown.contains("dockerd, containerd and the shims"))
        #expect(markdown.contains("Left out: CPU time."))
    }

    @Test func theHostSkewTableFollowsWithHowToReadIt() throws {
        var document = ReportFixture.document()
        document.scenarios = [ScenarioEntry(name: "ramp", kind: "density", metrics: [])]
        document.tables = [
            ResultTable(scenario: "ramp", name: "density", title: "density",
                        columns: ["target", "max containers", "empty memory cgroup kB at start", "empty memory cgroup kB at end"],
                        rows: [[.text("cbench-app"), .number(100), .number(24), .number(1400)]]),
            ResultTable(scenario: "ramp", name: "host skew", title: "skew", columns: ["target", "when", "empty memory cgroup kB"],
                        rows: [[.text("cbench-app"), .text("ramp end"), .number(1400)]]),
        ]
        let part = try #require(DensitySection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
        let markdown = part.markdown()
        #expect(markdown.contains("empty memcg kB at start"))
        #expect(markdown.contains("A target that ramps after another starts on the mark the earlier one left"))
        #expect(markdown.contains("ramp end"))
    }

    @Test func aPrimedMarkIsSaidAndItsTableShownOnlyWhenPrimed() throws {
        var document = ReportFixture.document()
        document.scenarios = [ScenarioEntry(name: "ramp", kind: "density", metrics: [])]
        let density = ResultTable(scenario: "ramp", name: "density", title: "density", columns: ["target", "max containers"],
                                  rows: [[.text("crun"), .number(100)]])
        document.tables = [density]
        let plain = try #require(DensitySection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
        #expect(!plain.markdown().contains("shrinkerMark: prime"))

        document.tables.append(ResultTable(scenario: "ramp", name: "shrinker mark", title: "mark", columns: ["superblocks made", "check"],
                                           rows: [[.number(91_800), .text("ok: 1435 kmalloc-1k objects")]]))
        let part = try #require(DensitySection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
        let markdown = part.markdown()
        #expect(markdown.contains("shrinkerMark: prime"))
        #expect(markdown.contains("ok: 1435 kmalloc-1k objects"))
    }

    @Test func theKernelFloorIsBesideEachTargetsLatencyAndItsStepsInATableOfTheirOwn() throws {
        var document = ReportFixture.document()
        document.scenarios = [ScenarioEntry(name: "ramp", kind: "density", metrics: [])]
        document.tables = [
            ResultTable(scenario: "ramp", name: "density", title: "density",
                        columns: ["target", "max containers", "p90 at max / p90 at 100", "kernel floor p90 max / 100",
                                  "kernel floor growth / goal's allowance"],
                        rows: [[.text("crun"), .number(10_000), .number(4.11), .number(2.75), .number(1.6)]]),
            ResultTable(scenario: "ramp", name: "kernel floor", title: "floor", columns: ["target", "containers", "pivot_root p90 ms"],
                        rows: [[.text("crun"), .number(9000), .number(2.5)]]),
        ]
        let part = try #require(DensitySection().build(ReportSectionInput(document: document, scenarios: document.scenarios, reference: nil)))
        let markdown = part.markdown()
        #expect(markdown.contains("kernel floor growth / goal's allowance"))
        #expect(markdown.contains("2.75"))
        #expect(markdown.contains("pivot_root p90 ms"))
        #expect(markdown.contains("no runtime could meet the goal here"))
    }
}
