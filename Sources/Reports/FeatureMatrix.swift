import Results

/// The feature matrix of one document: a row per feature (grouped when the scenarios
/// define groups), reference answers (e.g. an article's) beside the measured cells, a
/// column per target, each cell the measured outcome with its evidence.
public struct FeatureMatrix: Sendable {
    public var suite: String
    /// Every feature, grouped rows together in the order their groups first appear.
    public var features: [String]
    public var targets: [String]
    /// Titles of the reference columns in their source's order (the article's LXC before
    /// Docker), any its definitions do not order after them, sorted; empty without references.
    public var referenceColumns: [String]
    private var cells: [CellKey: FeatureResult]
    private var definitions: [String: FeatureDefinition]

    private struct CellKey: Hashable {
        var feature: String
        var target: String
    }

    public init(_ document: ResultsDocument) {
        suite = document.suite
        var definitions: [String: FeatureDefinition] = [:]
        for definition in document.scenarios.flatMap(\.features) where definitions[definition.name] == nil {
            definitions[definition.name] = definition
        }
        self.definitions = definitions
        referenceColumns = Self.referenceColumns(document.scenarios.flatMap(\.features))
        let measured = document.featureNames
        var groupOrder: [String?] = []
        for feature in measured where !groupOrder.contains(definitions[feature]?.group) {
            groupOrder.append(definitions[feature]?.group)
        }
        features = groupOrder.flatMap { group in measured.filter { definitions[$0]?.group == group } }
        // A merged document has a column per target and host, in host order. A target that
        // ran but has no cell took part in no feature scenario (the harness's noop, umoci):
        // no column; one that could not run here keeps its column, "not measured".
        let columns = Set(document.features.map(\.column))
        var targets = document.hosts == nil ? document.targets.filter { columns.contains($0.name) || $0.skipped != nil }.map(\.name) : []
        for result in document.features where !targets.contains(result.column) {
            targets.append(result.column)
        }
        self.targets = targets
        var cells: [CellKey: FeatureResult] = [:]
        for result in document.features {
            cells[CellKey(feature: result.feature, target: result.column)] = result
        }
        self.cells = cells
    }

    /// The reference columns of `definitions`: the first stated order, then the unordered rest.
    static func referenceColumns(_ definitions: [FeatureDefinition]) -> [String] {
        let titles = Set(definitions.flatMap(\.references.keys))
        var ordered: [String] = []
        for title in definitions.flatMap({ $0.referenceOrder ?? [] }) where titles.contains(title) && !ordered.contains(title) {
            ordered.append(title)
        }
        return ordered + titles.subtracting(ordered).sorted()
    }

    /// Nil when the runner recorded nothing for this pair.
    public func cell(feature: String, target: String) -> FeatureResult? {
        cells[CellKey(feature: feature, target: target)]
    }

    public func group(of feature: String) -> String? { definitions[feature]?.group }

    public func reference(feature: String, column: String) -> String? { definitions[feature]?.references[column] }

    /// The reference columns whose answer speaks for `target` and disagrees with its
    /// measured cell (a cell that failed to measure or does not apply disagrees with none).
    public func disagreements(feature: String, target: String) -> [String] {
        guard let measured = cell(feature: feature, target: target)?.outcome else { return [] }
        return referenceColumns.filter { column in
            guard let claim = definitions[feature]?.claims?[column], claim.target == target else { return false }
            return claim.disagrees(with: measured)
        }
    }

    /// Every cell where today's measurement disagrees with a reference answer, in matrix order.
    public var disagreements: [Disagreement] {
        features.flatMap { feature in
            targets.flatMap { target in
                disagreements(feature: feature, target: target).compactMap { column -> Disagreement? in
                    guard let measured = cell(feature: feature, target: target)?.outcome else { return nil }
                    return Disagreement(feature: feature, target: target, column: column,
                                        answer: reference(feature: feature, column: column) ?? "", measured: measured)
                }
            }
        }
    }

    /// A measured cell against the reference answer it contradicts.
    public struct Disagreement: Sendable, Equatable {
        public var feature: String
        public var target: String
        public var column: String
        public var answer: String
        public var measured: FeatureOutcome

        /// One line: `live migration on lxc: measured supported; article (2015): LXC said "via LXD"`.
        public var sentence: String {
            "\(feature) on \(target): measured \(measured.label); \(column) said \"\(answer)\""
        }
    }

    /// The group heading to show before `feature`, when it starts a new group.
    func groupHeading(before index: Int) -> String? {
        guard let group = group(of: features[index]) else { return nil }
        return index == 0 || group != self.group(of: features[index - 1]) ? group : nil
    }

    /// What a cell's evidence block shows: the command first when the evidence is its output.
    static func evidenceText(_ result: FeatureResult) -> String {
        let body = result.evidence.isEmpty ? "(no output)" : result.evidence
        return result.command.map { "$ \($0)\n" + body } ?? body
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
