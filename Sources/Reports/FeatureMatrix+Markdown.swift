extension FeatureMatrix {
    /// `features.md`: the matrix, each cell linking to its evidence below.
    public func markdown() -> String {
        var text = "# Feature matrix: \(suite)\n\n"
        text += "Each cell was measured by a probe or a command inside a container of that target; "
        text += "click a cell for its evidence."
        if !referenceColumns.isEmpty {
            text += " The reference columns are answers as published, not measurements; "
            text += "**≠** marks a cell where today's measurement disagrees with one."
        }
        text += "\n\n"
        let columns = ["feature"] + referenceColumns.map(Markdown.cell) + targets.map(Markdown.cell)
        text += Markdown.row(columns)
        text += Markdown.separator(columns: columns.count)
        for (index, feature) in features.enumerated() {
            if let group = groupHeading(before: index) {
                text += Markdown.row(["**\(Markdown.cell(group))**"] + Array(repeating: "", count: columns.count - 1))
            }
            let references = referenceColumns.map { Markdown.cell(reference(feature: feature, column: $0) ?? "") }
            let row = targets.map { target -> String in
                guard let result = cell(feature: feature, target: target) else { return "not measured" }
                let anchor = FeatureMatrix.anchor(feature: feature, target: target)
                let mark = disagreements(feature: feature, target: target).isEmpty ? "" : " **≠**"
                return "[\(result.outcome.symbol) \(result.outcome.label)](#\(anchor))" + mark
            }
            text += Markdown.row([Markdown.cell(feature)] + references + row)
        }
        let contradicted = disagreements
        if !referenceColumns.isEmpty {
            text += "\n## Where today's measurement disagrees with the reference answers\n\n"
            text += contradicted.isEmpty ? "Nowhere: every measured verdict agrees with the answers beside it.\n"
                : contradicted.map { "- [\(Markdown.cell($0.sentence))](#\(FeatureMatrix.anchor(feature: $0.feature, target: $0.target)))\n" }.joined()
        }
        text += "\n## Evidence\n"
        for feature in features {
            for target in targets {
                guard let result = cell(feature: feature, target: target) else { continue }
                text += "\n<a id=\"\(FeatureMatrix.anchor(feature: feature, target: target))\"></a>\n"
                text += "### \(Markdown.cell(feature)) on \(Markdown.cell(target)): \(result.outcome.label)\n\n"
                if let detail = result.detail, !detail.isEmpty { text += Markdown.cell(detail) + "\n\n" }
                text += Markdown.fenced(FeatureMatrix.evidenceText(result))
            }
        }
        return text
    }
}
