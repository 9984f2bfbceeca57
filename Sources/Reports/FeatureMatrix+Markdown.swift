extension FeatureMatrix {
    /// `features.md`: the matrix, each cell linking to its evidence below.
    public func markdown() -> String {
        var text = "# Feature matrix: \(suite)\n\n"
        text += "Each cell was measured by a probe inside a container of that target; "
        text += "click a cell for its evidence.\n\n"
        text += Markdown.row(["feature"] + targets.map(Markdown.cell))
        text += Markdown.separator(columns: targets.count + 1)
        for feature in features {
            let row = targets.map { target -> String in
                guard let result = cell(feature: feature, target: target) else { return "not measured" }
                let anchor = FeatureMatrix.anchor(feature: feature, target: target)
                return "[\(result.outcome.symbol) \(result.outcome.label)](#\(anchor))"
            }
            text += Markdown.row([Markdown.cell(feature)] + row)
        }
        text += "\n## Evidence\n"
        for feature in features {
            for target in targets {
                guard let result = cell(feature: feature, target: target) else { continue }
                text += "\n<a id=\"\(FeatureMatrix.anchor(feature: feature, target: target))\"></a>\n"
                text += "### \(Markdown.cell(feature)) on \(Markdown.cell(target)): \(result.outcome.label)\n\n"
                if let detail = result.detail, !detail.isEmpty { text += Markdown.cell(detail) + "\n\n" }
                text += Markdown.fenced(result.evidence.isEmpty ? "(no output)" : result.evidence)
            }
        }
        return text
    }
}
