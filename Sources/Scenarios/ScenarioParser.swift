import Foundation
import Targets
import Yams

/// Reads a scenario file with Yams into typed models, rejecting anything unexpected with its
/// file, line and key: unknown keys, wrong types, unknown targets, a missing root file system.
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

    static let scenarioKeys: Set<String> = [
        "name", "kind", "description", "targets", "rootfs", "warmup", "iterations", "timeout", "sweep",
        "workload", "probes", "metrics", "thresholds",
    ]
    static let workloadKeys: Set<String> = ["command", "mode", "userNamespace"]
    static let suiteKeys: Set<String> = ["suite", "description", "scenarios"]

    public func parse(file path: String) throws -> ScenarioSuite {
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
        try context.rejectUnknownKeys(mapping, allowed: Self.scenarioKeys, path: path)
        func required(_ key: String) throws -> Node {
            guard let value = mapping[key] else { throw context.error(node, key: path + key, "missing (required)") }
            return value
        }
        let name = try context.string(try required("name"), key: path + "name")
        let kindNode = try required("kind")
        let kindText = try context.string(kindNode, key: path + "kind")
        guard let kind = Scenario.Kind(rawValue: kindText) else {
            throw context.error(kindNode, key: path + "kind", "'\(kindText)' is not one of feature, performance")
        }
        var targets: [String]?
        if let node = mapping["targets"] {
            let names = try context.strings(node, key: path + "targets")
            for (index, name) in names.enumerated() where !knownTargets.contains(name) {
                let item: Node = if case .sequence(let items) = node { items[index] } else { node }
                throw context.error(item, key: path + "targets", "unknown target '\(name)' (known: \(knownTargets.joined(separator: ", ")))")
            }
            targets = names
        }
        guard let rootfsNode = mapping["rootfs"] else {
            throw context.error(node, key: path + "rootfs", "missing (required): busybox or an absolute path")
        }
        let rootfsText = try context.string(rootfsNode, key: path + "rootfs")
        let rootfs = rootfsText == "busybox" ? busyboxRootfs : rootfsText
        guard rootfs.hasPrefix("/") else {
            throw context.error(rootfsNode, key: path + "rootfs", "'\(rootfsText)' is neither busybox nor an absolute path")
        }
        guard rootfsExists(rootfs) else {
            throw context.error(rootfsNode, key: path + "rootfs", "root file system '\(rootfs)' does not exist" + (rootfsText == "busybox" ? " (make setup builds it)" : ""))
        }
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
        let workloadNode = try required("workload")
        guard case .mapping(let workload) = workloadNode else {
            throw context.error(workloadNode, key: path + "workload", "expected a mapping with command")
        }
        try context.rejectUnknownKeys(workload, allowed: Self.workloadKeys, path: path + "workload.")
        guard let commandNode = workload["command"] else {
            throw context.error(workloadNode, key: path + "workload.command", "missing (required)")
        }
        let command = try context.strings(commandNode, key: path + "workload.command")
        guard !command.isEmpty else { throw context.error(commandNode, key: path + "workload.command", "must not be empty") }
        var mode = Scenario.Mode.run
        if let modeNode = workload["mode"] {
            let text = try context.string(modeNode, key: path + "workload.mode")
            guard let parsed = Scenario.Mode(rawValue: text) else {
                throw context.error(modeNode, key: path + "workload.mode", "'\(text)' is not one of run, start-until-running")
            }
            mode = parsed
        }
        let userNamespace = try workload["userNamespace"].map { try context.bool($0, key: path + "workload.userNamespace") } ?? false
        let probes = try mapping["probes"].map { try context.strings($0, key: path + "probes") } ?? []
        if let probesNode = mapping["probes"] {
            for probe in probes where !Scenario.knownProbes.contains(probe) {
                throw context.error(probesNode, key: path + "probes", "unknown probe '\(probe)' (known: \(Scenario.knownProbes.joined(separator: ", ")))")
            }
        }
        if kind == .feature && probes.isEmpty {
            throw context.error(node, key: path + "probes", "a feature scenario needs at least one probe")
        }
        let metrics = try mapping["metrics"].map { try context.strings($0, key: path + "metrics") } ?? (kind == .performance ? Scenario.defaultMetrics : [])
        if let metricsNode = mapping["metrics"] {
            for metric in metrics where !Scenario.knownMetrics.contains(metric) {
                throw context.error(metricsNode, key: path + "metrics", "unknown metric '\(metric)' (known: \(Scenario.knownMetrics.joined(separator: ", ")))")
            }
        }
        var thresholds: [String: String] = [:]
        if let thresholdsNode = mapping["thresholds"] {
            guard case .mapping(let pairs) = thresholdsNode else {
                throw context.error(thresholdsNode, key: path + "thresholds", "expected a mapping such as p50: 5%")
            }
            for (keyNode, valueNode) in pairs {
                let statistic = try context.string(keyNode, key: path + "thresholds")
                guard ["p50", "p90", "p99", "cv", "alpha"].contains(statistic) else {
                    throw context.error(keyNode, key: path + "thresholds.\(statistic)", "unknown statistic (known: p50, p90, p99, cv, alpha)")
                }
                thresholds[statistic] = try context.string(valueNode, key: path + "thresholds.\(statistic)")
            }
        }
        return Scenario(name: name, kind: kind, targets: targets, rootfs: rootfs, warmup: warmup, iterations: iterations,
                        timeoutSeconds: timeout, sweep: sweep, command: command, mode: mode, userNamespace: userNamespace,
                        probes: probes, metrics: metrics, thresholds: thresholds)
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
