extension FeatureMatrix {
    /// `features.csv`: a row per feature (its group and reference answers first when the
    /// scenarios give them), a column per target, the outcome in words (`supported`,
    /// `not supported`, `failed`, `skipped`, empty when not measured). The evidence stays
    /// in features.md and report.html.
    public func csv() -> String {
        let grouped = features.contains { group(of: $0) != nil }
        var text = CSV.line(["feature"] + (grouped ? ["group"] : []) + referenceColumns + targets)
        for feature in features {
            text += CSV.line([feature] + (grouped ? [group(of: feature) ?? ""] : [])
                + referenceColumns.map { reference(feature: feature, column: $0) ?? "" }
                + targets.map { cell(feature: feature, target: $0)?.outcome.label ?? "" })
        }
        return text
    }
}
