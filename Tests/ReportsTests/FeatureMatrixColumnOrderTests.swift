import Results
import Testing
@testable import Reports

/// The article's columns read in its own order (LXC before Docker) in every output, though
/// "Docker" sorts before "LXC".
struct FeatureMatrixColumnOrderTests {
    static func document() -> ResultsDocument {
        var document = ReportFixture.document()
        let order = ["article (2015): LXC", "article (2015): Docker"]
        document.scenarios.append(ScenarioEntry(name: "matrix", kind: "feature", features: [
            FeatureDefinition(name: "user namespace", group: "isolation",
                              references: ["article (2015): Docker": "yes", "article (2015): LXC": "yes"], referenceOrder: order),
        ]))
        return document
    }

    @Test func theSourcesOrderWinsOverTheAlphabet() {
        let matrix = FeatureMatrix(Self.document())
        #expect(matrix.referenceColumns == ["article (2015): LXC", "article (2015): Docker"])
        #expect(matrix.markdown().contains("| feature | article (2015): LXC | article (2015): Docker | cbench-app |"))
        #expect(matrix.csv().hasPrefix("feature,group,target,outcome,article (2015): LXC,article (2015): Docker,"))
    }

    /// Without a stated order (older documents) the columns are sorted, as before.
    @Test func unorderedColumnsAreSorted() {
        let definitions = [FeatureDefinition(name: "a", references: ["B": "yes", "A": "no"]),
                           FeatureDefinition(name: "b", references: ["C": "yes"], referenceOrder: ["C"])]
        #expect(FeatureMatrix.referenceColumns(definitions) == ["C", "A", "B"])
    }
}
