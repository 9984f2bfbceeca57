import Foundation
import Results
import Testing
@testable import Reports

/// The article's columns beside the measured cells: where they disagree, how each output
/// marks it, and the grouping in the article's order.
struct FeatureComparisonTests {
    static let lxcColumn = "article (2015): LXC"
    static let dockerColumn = "article (2015): Docker"

    func document() -> ResultsDocument {
        var document = ReportFixture.document()
        document.targets = ["lxc", "docker", "runc"].map { TargetInfo(name: $0, version: "1") }
        func claims(_ lxc: FeatureOutcome, _ docker: FeatureOutcome) -> [String: ReferenceClaim] {
            [Self.lxcColumn: ReferenceClaim(target: "lxc", outcome: lxc), Self.dockerColumn: ReferenceClaim(target: "docker", outcome: docker)]
        }
        document.scenarios = [
            ScenarioEntry(name: "rows", kind: "feature", features: [
                FeatureDefinition(name: "uts isolation", group: "isolation"),
                FeatureDefinition(name: "Windows as the container OS", group: "distributions",
                                  references: [Self.lxcColumn: "no", Self.dockerColumn: "no"], claims: claims(.notSupported, .notSupported)),
            ]),
            ScenarioEntry(name: "talking", kind: "network", features: [
                FeatureDefinition(name: "containers on different servers talking", group: "networking",
                                  references: [Self.lxcColumn: "via LXD", Self.dockerColumn: "yes"], claims: claims(.notSupported, .supported)),
            ]),
        ]
        document.features = [
            FeatureResult(feature: "containers on different servers talking", target: "lxc", outcome: .supported, evidence: "tcp answered 200 of 200"),
            FeatureResult(feature: "containers on different servers talking", target: "docker", outcome: .notSupported,
                          evidence: "Error response from daemon: This node is not a swarm manager.", command: "docker network create --driver overlay x"),
            FeatureResult(feature: "containers on different servers talking", target: "runc", outcome: .failed, evidence: "runc takes no part"),
            FeatureResult(feature: "Windows as the container OS", target: "lxc", outcome: .notSupported, evidence: "ENOEXEC"),
            FeatureResult(feature: "Windows as the container OS", target: "docker", outcome: .failed, evidence: "no daemon"),
            FeatureResult(feature: "Windows as the container OS", target: "runc", outcome: .notApplicable, evidence: "why"),
            FeatureResult(feature: "uts isolation", target: "lxc", outcome: .partial, evidence: "hostname shared"),
        ]
        return document
    }

    @Test func onlyAMeasuredVerdictOfTheColumnsTargetDisagrees() {
        let matrix = FeatureMatrix(document())
        #expect(matrix.disagreements(feature: "containers on different servers talking", target: "lxc") == [Self.lxcColumn])
        #expect(matrix.disagreements(feature: "containers on different servers talking", target: "docker") == [Self.dockerColumn])
        // A cell that failed to measure contradicts nothing; runc has no article column.
        #expect(matrix.disagreements(feature: "Windows as the container OS", target: "docker").isEmpty)
        #expect(matrix.disagreements(feature: "containers on different servers talking", target: "runc").isEmpty)
        #expect(matrix.disagreements(feature: "Windows as the container OS", target: "lxc").isEmpty)
        #expect(matrix.disagreements.map(\.sentence) == [
            "containers on different servers talking on lxc: measured supported; article (2015): LXC said \"via LXD\"",
            "containers on different servers talking on docker: measured not supported; article (2015): Docker said \"yes\"",
        ])
    }

    /// Groups come in the order their rows were measured (the suite's, the article's).
    @Test func rowsAreGroupedInTheRunsOrder() {
        let matrix = FeatureMatrix(document())
        #expect(matrix.features == ["containers on different servers talking", "Windows as the container OS", "uts isolation"])
        #expect(matrix.group(of: "uts isolation") == "isolation")
    }

    @Test func markdownMarksDisagreementsAndListsThem() {
        let markdown = FeatureMatrix(document()).markdown()
        #expect(markdown.contains("| feature | article (2015): Docker | article (2015): LXC | lxc | docker | runc |"))
        #expect(markdown.contains("| containers on different servers talking | yes | via LXD | [✅ supported](#evidence-containers-on-different-servers-talking--lxc) **≠** |"))
        #expect(markdown.contains("[➖ not applicable](#evidence-windows-as-the-container-os--runc)"))
        #expect(markdown.contains("[🟡 partial](#evidence-uts-isolation--lxc)"))
        #expect(markdown.contains("## Where today's measurement disagrees with the reference answers"))
        #expect(markdown.contains("- [containers on different servers talking on docker: measured not supported; article (2015): Docker said \"yes\"](#evidence-containers-on-different-servers-talking--docker)"))
    }

    @Test func csvNamesTheColumnsEachCellDisagreesWith() {
        let csv = FeatureMatrix(document()).csv()
        #expect(csv.hasPrefix("feature,group,target,outcome,article (2015): Docker,article (2015): LXC,disagrees with,detail,command,evidence\r\n"))
        #expect(csv.contains("containers on different servers talking,networking,lxc,supported,yes,via LXD,article (2015): LXC,,,tcp answered 200 of 200\r\n"))
        #expect(csv.contains("Windows as the container OS,distributions,docker,failed to measure,no,no,,,,no daemon\r\n"))
    }

    @Test func theHTMLReportOpensWithTheMatrixAndMarksDisagreements() {
        let document = document()
        let html = HTMLReport(document: document, features: FeatureMatrix(document), performance: PerformanceTable(document), figures: []).html()
        let features = html.range(of: "<section id=\"features\">")
        let environment = html.range(of: "<section id=\"environment\">")
        #expect(features != nil && environment != nil && features!.lowerBound < environment!.lowerBound)
        #expect(html.contains("<span class=\"disagrees\" title=\"disagrees with article (2015): LXC\">≠</span>"))
        #expect(html.contains("<td class=\"notApplicable\">"))
        #expect(html.contains("<li><a href=\"#evidence-containers-on-different-servers-talking--docker\">"))
    }

    /// The harness's noop target and a target of no feature scenario get no column; a target
    /// that could not run here keeps its column.
    @Test func onlyTargetsOfFeatureScenariosAreColumns() {
        var document = document()
        document.targets += [TargetInfo(name: "noop", version: "1"), TargetInfo(name: "umoci", version: "0.4"),
                             TargetInfo(name: "podman-crun", skipped: "podman is not installed")]
        #expect(FeatureMatrix(document).targets == ["lxc", "docker", "runc", "podman-crun"])
    }

    /// A matrix without reference columns has nothing to disagree with and says nothing of it.
    @Test func noReferencesNoDisagreementSection() {
        let markdown = FeatureMatrix(ReportFixture.document()).markdown()
        #expect(!markdown.contains("disagrees"))
    }
}
