import Results

/// The feature matrix of one document: a row per feature, a column per
/// target, each cell the measured outcome with its evidence.
public struct FeatureMatrix: Sendable {
    public var suite: String
    public var features: [String]
    public var targets: [String]
    private var cells: [CellKey: FeatureResult]

    private struct CellKey: Hashable {
        var feature: String
        var target: String
    }

    public init(_ document: ResultsDocument) {
        suite = document.suite
        features = document.featureNames
        var targets = document.targets.map(\.name)
        for result in document.features where !targets.contains(result.target) {
            targets.append(result.target)
        }
        self.targets = targets
        var cells: [CellKey: FeatureResult] = [:]
        for result in document.features {
            cells[CellKey(feature: result.feature, target: result.target)] = result
        }
        self.cells = cells
    }

    /// Nil when the runner recorded nothing for this pair.
    public func cell(feature: String, target: String) -> FeatureResult? {
        cells[CellKey(feature: feature, target: target)]
    }

    /// A stable id for the evidence of one cell, used as the link target in
    /// Markdown and HTML.
    public static func anchor(feature: String, target: String) -> String {
        "evidence-" + slug(feature) + "--" + slug(target)
    }

    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if keep {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "x" : slug
    }
}
