import Foundation
import Results
import Testing
@testable import Scenarios

/// The article's answers come from the data file in the repository, never from code.
struct ReferenceAnswersTests {
    static let articleFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios/article-2015.yaml").path

    @Test func theArticleFileGivesEachRowItsAnswersAndClaims() throws {
        let answers = try ReferenceAnswers.load(Self.articleFile)
        #expect(answers.groups == ["isolation", "distributions", "scale", "networking", "imaging", "migration"])
        let talking = answers.definition("containers on different servers talking", fallbackGroup: "x")
        #expect(talking.group == "networking")
        #expect(talking.references == ["article (2015): LXC": "via LXD", "article (2015): Docker": "yes"])
        #expect(talking.claims?["article (2015): LXC"] == ReferenceClaim(target: "lxc", outcome: .notSupported))
        #expect(talking.claims?["article (2015): Docker"] == ReferenceClaim(target: "docker", outcome: .supported))
        let windows = answers.definition("Windows as the container OS", fallbackGroup: "x")
        #expect(windows.claims?["article (2015): Docker"]?.outcome == .notSupported)
        let busybox = answers.definition("another distribution: busybox", fallbackGroup: "x")
        #expect(busybox.group == "distributions" && busybox.references["article (2015): LXC"] == "yes")
        let migration = answers.definition("live migration", fallbackGroup: "x")
        #expect(migration.claims?["article (2015): Docker"]?.outcome == .supported)
    }

    /// The article's columns keep the file's order, LXC before Docker, in every definition.
    @Test func theColumnsKeepTheFilesOrder() throws {
        let answers = try ReferenceAnswers.load(Self.articleFile)
        #expect(answers.columnOrder == ["lxc", "docker"])
        let migration = answers.definition("live migration", fallbackGroup: "x")
        #expect(migration.referenceOrder == ["article (2015): LXC", "article (2015): Docker"])
        let reversed = try ReferenceAnswers.parse("""
            source: s
            columns: {b: {title: "B", target: b}, a: {title: "A", target: a}}
            means: {"yes": supported}
            rows: [{article: r, group: g, answers: {a: "yes", b: "yes"}, features: [r]}]
            """, file: "a.yaml")
        #expect(reversed.definition("r", fallbackGroup: "x").referenceOrder == ["B", "A"])
    }

    /// A row the article did not have keeps the kind's group and has no answers.
    @Test func aRowBeyondTheArticleHasNoAnswers() throws {
        let answers = try ReferenceAnswers.load(Self.articleFile)
        let uts = answers.definition("uts isolation", fallbackGroup: "isolation")
        #expect(uts == FeatureDefinition(name: "uts isolation", group: "isolation"))
    }

    /// Every row the article file names is a row features.yaml measures, so each of the
    /// article's answers reaches the matrix: an unquoted name with a comma in the file's flow
    /// list splits in two (the imaging row once lost both its answers so).
    @Test func everyRowTheArticleNamesIsOneTheMatrixMeasures() throws {
        let answers = try ReferenceAnswers.load(Self.articleFile)
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let suite = try parser.parse(file: (Self.articleFile as NSString).deletingLastPathComponent + "/features.yaml")
        var measured: Set<String> = []
        for scenario in suite.scenarios {
            if let kind = scenario.kind as? FeatureKind {
                measured.formUnion(kind.probes.map(FeatureKind.feature) + kind.rows.map(\.feature) + kind.targetRows.map(\.feature))
            } else if let kind = scenario.kind as? DensityKind, kind.scaleRow {
                measured.insert(ScaleRow.feature)
            } else if scenario.kind is NetworkKind {
                measured.insert(NetworkKind.feature)
            } else if let kind = scenario.kind as? MigrationKind, scenario.sweep["hosts"]?.contains("lab") == true || kind.hosts == .lab {
                measured.insert(MigrationFeatureLog.feature)
            }
        }
        for row in answers.rows {
            #expect(!row.features.isEmpty && row.features.allSatisfy(measured.contains), "\(row.article): \(row.features)")
        }
        let imaging = answers.definition("image from a container, run elsewhere", fallbackGroup: "x")
        #expect(imaging.references == ["article (2015): LXC": "via LXD", "article (2015): Docker": "yes"])
    }

    @Test func anAnswerWithoutAMeaningIsRejected() {
        let text = """
        source: s
        columns: {lxc: {title: "a: LXC", target: lxc}}
        means: {"yes": supported}
        rows:
          - {article: r, group: g, answers: {lxc: maybe}, features: [r]}
        """
        #expect(throws: ScenarioError.self) { try ReferenceAnswers.parse(text, file: "a.yaml") }
        let badMeaning = text.replacingOccurrences(of: "{\"yes\": supported}", with: "{\"yes\": sure, maybe: supported}")
        #expect(throws: ScenarioError.self) { try ReferenceAnswers.parse(badMeaning, file: "a.yaml") }
        let unknownColumn = text.replacingOccurrences(of: "answers: {lxc: maybe}", with: "answers: {rkt: \"yes\"}")
        #expect(throws: ScenarioError.self) { try ReferenceAnswers.parse(unknownColumn, file: "a.yaml") }
    }

    @Test func aClaimDisagreesOnlyWithAMeasuredVerdict() {
        let claim = ReferenceClaim(target: "lxc", outcome: .notSupported)
        #expect(claim.disagrees(with: .supported))
        #expect(claim.disagrees(with: .partial))
        #expect(!claim.disagrees(with: .notSupported))
        #expect(!claim.disagrees(with: .failed))
        #expect(!claim.disagrees(with: .notApplicable))
    }

    @Test func aFeatureScenarioReadsRowsAndReferences() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })
        let scenario = try parser.parse(text: """
            name: distributions
            kind: feature
            rows: [distribution-busybox, windows]
            references: \(Self.articleFile)
            """, file: "t.yaml", defaultName: "t").scenarios[0]
        let kind = try #require(scenario.kind as? FeatureKind)
        #expect(kind.rows.map(\.key) == ["distribution-busybox", "windows"])
        #expect(kind.workload == nil && kind.needsProbe && kind.busyboxRootfs == "/fake/busybox")
        #expect(kind.definition("Windows as the container OS", group: "x").group == "distributions")
        #expect(throws: ScenarioError.self) {
            try parser.parse(text: "name: x\nkind: feature\nrows: [teleport]\n", file: "t.yaml", defaultName: "t")
        }
        #expect(throws: ScenarioError.self) {
            try parser.parse(text: "name: x\nkind: feature\nrows: [windows]\nreferences: /nowhere.yaml\n", file: "t.yaml", defaultName: "t")
        }
    }

    /// The shipped suites parse, and every row of features.yaml stands beside the article.
    @Test func theShippedFeatureSuitesNameTheArticle() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let directory = (Self.articleFile as NSString).deletingLastPathComponent
        let features = try parser.parse(file: directory + "/features.yaml")
        #expect(features.scenarios.map(\.name) == ["isolation", "distributions", "several-containers", "several-system-containers",
                                                   "servers-talking", "image-elsewhere", "migration", "checkpoint-restore", "persistent-root", "snapshots-clones",
                                                   "rootless-start", "unprivileged-root", "systemd-services", "security-defaults",
                                                   "layers-shared", "resource-limits", "published-ports"])
        let rows = features.scenarios.compactMap { $0.kind as? FeatureKind }
        #expect(rows.allSatisfy { $0.references != nil })
        #expect(rows.flatMap { $0.rows.map(\.key) } == ProbedFeatureRows.keys)
        #expect(Set(rows.flatMap { $0.targetRows.map(\.key) }) == Set(TargetFeatureRows.keys))
        let migrations = features.scenarios.filter { $0.kind is MigrationKind }
        #expect(migrations.count == 1 && migrations.allSatisfy { ($0.kind as? MigrationKind)?.references != nil })
        #expect(migrations.first?.sweep["hosts"] == ["one", "lab"], "live migration is decided between lab hosts")
        #expect(features.scenarios.compactMap { $0.kind as? NetworkKind }.allSatisfy { $0.references != nil })
        let densities = features.scenarios.compactMap { $0.kind as? DensityKind }
        #expect(densities.count == 2 && densities.allSatisfy { $0.scaleRow && $0.references != nil && $0.containers == 100 })
        for file in ["quick.yaml", "isolation.yaml", "network.yaml"] {
            #expect(throws: Never.self) { try parser.parse(file: directory + "/" + file) }
        }
    }
}
