import Foundation
import Results
import Targets
import Yams

/// Reads a scenario file with Yams into typed models, rejecting anything unexpected with its
/// file, line and key: unknown keys, wrong types, unknown targets or kinds. The keys every
/// scenario shares are read here; the kind reads its own (`ScenarioKind.init(fields:)`).
/// A file is one scenario (a mapping with `name`), or a suite (`suite:` and `scenarios:`).
public struct ScenarioParser: Sendable {
    /// Target names a scenario may list.
    public var knownTargets: [String]
    /// Whether a root file system path exists (injected, so tests need no real directories).
    public var rootfsExists: @Sendable (String) -> Bool
    /// The path `rootfs: busybox` stands for.
    public var busyboxRootfs: String

    public init(knownTargets: [String] = TargetCatalog.names, busyboxRootfs: String,
                rootfsExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) {
        self.knownTargets = knownTargets
        self.busyboxRootfs = busyboxRootfs
        self.rootfsExists = rootfsExists
    }

    /// Keys every scenario may have, whatever its kind; a kind adds its own (`ScenarioKind.keys`).
    public static let commonKeys: Set<String> = [
        "name", "kind", "description", "targets", "warmup", "iterations", "timeout", "sweep", "thresholds", "adaptive",
    ]
    static let suiteKeys: Set<String> = ["suite", "description", "scenarios"]
    static let thresholdStatistics = ["p50", "p90", "p99", "cv", "alpha", "ratio"]

    public func parse(file path: String) throws -> ScenarioSuite {
        guard FileManager.default.fileExists(atPath: path) else { throw ScenarioError.noSuchFile(path) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text: text, file: path, defaultName: base)
    }

    public func parse(text: String, file: String, defaultName: String) throws -> ScenarioSuite {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: 1, message: "the file is empty")
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw Self.duplicateKeyError(file: file, text: text, keys: duplicates, first: context.mark)
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ScenarioError(file: file, message: "not valid YAML: \(error)")
        }
        let context = Context(file: file)
        guard case .mapping(let mapping) = root else {
            throw context.error(root, key: nil, "the top level must be a mapping (a scenario or a suite)")
        }
        if mapping["scenarios"] != nil || mapping["suite"] != nil {
            try context.rejectUnknownKeys(mapping, allowed: Self.suiteKeys, path: "")
            let name = try mapping["suite"].map { try context.string($0, key: "suite") } ?? defaultName
            guard let list = mapping["scenarios"] else {
                throw context.error(root, key: "scenarios", "a suite needs a scenarios list")
            }
            guard case .sequence(let items) = list, !items.isEmpty else {
                throw context.error(list, key: "scenarios", "expected a non-empty list of scenarios")
            }
            let scenarios = try items.enumerated().map { index, item in
                try scenario(item, context: context, path: "scenarios[\(index)].")
            }
            return ScenarioSuite(name: name, scenarios: try unique(scenarios, context: context, root: root))
        }
        let single = try scenario(root, context: context, path: "")
        return ScenarioSuite(name: defaultName, scenarios: [single])
    }

    private func unique(_ scenarios: [Scenario], context: Context, root: Node) throws -> [Scenario] {
        var seen = Set<String>()
        for scenario in scenarios where !seen.insert(scenario.name).inserted {
            throw context.error(root, key: "scenarios", "two scenarios are named '\(scenario.name)'")
        }
        return scenarios
    }

    func scenario(_ node: Node, context: Context, path: String) throws -> Scenario {
        guard case .mapping(let mapping) = node else {
            throw context.error(node, key: path.isEmpty ? nil : String(path.dropLast()), "a scenario must be a mapping")
        }
        func required(_ key: String) throws -> Node {
            guard let value = mapping[key] else { throw context.error(node, key: path + key, "missing (required)") }
            return value
        }
        let kindNode = try required("kind")
        let kindText = try context.string(kindNode, key: path + "kind")
        guard let kindType = ScenarioKinds.kind(named: kindText) else {
            throw context.error(kindNode, key: path + "kind", "'\(kindText)' is not one of \(ScenarioKinds.names.joined(separator: ", "))")
        }
        try context.rejectUnknownKeys(mapping, allowed: Self.commonKeys.union(kindType.keys), path: path)
        let name = try context.string(try required("name"), key: path + "name")
        var targets: [String]?
        if let node = mapping["targets"] {
            let names = try context.strings(node, key: path + "targets")
            for (index, name) in names.enumerated() where !knownTargets.contains(name) {
                let item: Node = if case .sequence(let items) = node { items[index] } else { node }
                throw context.error(item, key: path + "targets", "unknown target '\(name)' (known: \(knownTargets.joined(separator: ", ")))")
            }
            targets = names
        }
        let description = try mapping["description"].map { try context.string($0, key: path + "description") }
        let warmup = try mapping["warmup"].map { try context.count($0, key: path + "warmup", minimum: 0) } ?? 0
        let iterations = try mapping["iterations"].map { try context.count($0, key: path + "iterations", minimum: 1) } ?? 1
        let timeout = try mapping["timeout"].map { try context.seconds($0, key: path + "timeout") } ?? 30
        var sweep: [String: [String]] = [:]
        if let sweepNode = mapping["sweep"] {
            guard case .mapping(let pairs) = sweepNode else {
                throw context.error(sweepNode, key: path + "sweep", "expected a mapping of parameter to list of values")
            }
            for (keyNode, valueNode) in pairs {
                let parameter = try context.string(keyNode, key: path + "sweep")
                let values = try context.strings(valueNode, key: path + "sweep.\(parameter)")
                guard !values.isEmpty else { throw context.error(valueNode, key: path + "sweep.\(parameter)", "needs at least one value") }
                sweep[parameter] = values
            }
        }
        var thresholds: [String: String] = [:]
        if let thresholdsNode = mapping["thresholds"] {
            guard case .mapping(let pairs) = thresholdsNode else {
                throw context.error(thresholdsNode, key: path + "thresholds", "expected a mapping such as p50: 5%")
            }
            for (keyNode, valueNode) in pairs {
                let statistic = try context.string(keyNode, key: path + "thresholds")
                guard Self.thresholdStatistics.contains(statistic) else {
                    throw context.error(keyNode, key: path + "thresholds.\(statistic)",
                                        "unknown statistic (known: \(Self.thresholdStatistics.joined(separator: ", ")))")
                }
                let value = try context.string(valueNode, key: path + "thresholds.\(statistic)")
                let valid = statistic == "alpha" ? ThresholdText.significance(value) != nil
                    : value.lowercased() == ThresholdText.off || ThresholdText.fraction(value) != nil
                guard valid else {
                    throw context.error(valueNode, key: path + "thresholds.\(statistic)", statistic == "alpha"
                        ? "'\(value)' is not a significance level between 0 and 1, e.g. 0.05"
                        : "'\(value)' is not a percentage such as 5% (or off)")
                }
                thresholds[statistic] = value
            }
        }
        let fields = ScenarioFields(mapping: mapping, node: node, context: context, path: path, busyboxRootfs: busyboxRootfs,
                                    rootfsExists: rootfsExists, sweepParameters: Set(sweep.keys))
        let adaptive = try fields.nested("adaptive", allowed: AdaptivePolicy.keys).map { adaptive -> AdaptivePolicy in
            let cvText = try adaptive.required("cv", try adaptive.string("cv"), hint: "a percentage such as 5%")
            guard let cv = ThresholdText.fraction(cvText), cv > 0 else { throw adaptive.error("cv", "'\(cvText)' is not a percentage such as 5%") }
            let cap = try adaptive.required("max", try adaptive.count("max", minimum: iterations), hint: "the most iterations a target may get")
            return AdaptivePolicy(cv: cv, maxIterations: cap)
        }
        let kind = try kindType.init(fields: fields)
        return Scenario(name: name, kind: kind, description: description, targets: targets, warmup: warmup, iterations: iterations,
                        timeoutSeconds: timeout, sweep: sweep, thresholds: thresholds, adaptive: adaptive)
    }

    /// Yams names the duplicated key and where it first stands; the error points at the
    /// second one (the next line with the key at the same indentation), naming the first.
    static func duplicateKeyError(file: String, text: String, keys: [String], first: Mark) -> ScenarioError {
        let key = keys.first ?? "?"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: max(first.column - 1, 0))
        let again = lines.indices.dropFirst(first.line).first { index in
            let line = lines[index]
            return line.hasPrefix(indent + key) && line.dropFirst(indent.count + key.count).trimmingCharacters(in: .whitespaces).hasPrefix(":")
        }
        guard let again else {
            return ScenarioError(file: file, line: first.line, key: key, message: "duplicate key")
        }
        return ScenarioError(file: file, line: again + 1, column: first.column, key: key, message: "duplicate key (first at line \(first.line))")
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): return problem
        default: return String(describing: error)
        }
    }
}
