extension FeatureMatrix {
    /// `features.csv`: a row per feature, a column per target, the outcome in
    /// words (`supported`, `not supported`, `failed`, `skipped`, empty when
    /// not measured). The evidence stays in features.md and report.html.
    public func csv() -> String {
        var text = CSV.line(["feature"] + targets)
        for feature in features {
            text += CSV.line([feature] + targets.map { cell(feature: feature, target: $0)?.outcome.label ?? "" })
        }
        return text
    }
}
