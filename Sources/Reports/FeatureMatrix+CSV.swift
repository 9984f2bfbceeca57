extension FeatureMatrix {
    /// `features.csv`: one row per measured cell with its evidence: the feature, its group,
    /// the target, the outcome in words (`supported`, `partial`, `not supported`,
    /// `not applicable`, `failed to measure`), each reference answer of the row, the
    /// reference columns today's measurement disagrees with, the one-line detail, the
    /// command when the evidence is its output, and the evidence itself.
    public func csv() -> String {
        var text = CSV.line(["feature", "group", "target", "outcome"] + referenceColumns + ["disagrees with", "detail", "command", "evidence"])
        for feature in features {
            for target in targets {
                guard let result = cell(feature: feature, target: target) else { continue }
                text += CSV.line([feature, group(of: feature) ?? "", target, result.outcome.label]
                    + referenceColumns.map { reference(feature: feature, column: $0) ?? "" }
                    + [disagreements(feature: feature, target: target).joined(separator: "; "), result.detail ?? "",
                       result.command ?? "", result.evidence])
            }
        }
        return text
    }
}
