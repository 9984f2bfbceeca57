import Yams

/// The keys of one scenario, as its kind reads them: typed reads that fail with the file,
/// line and key path (`scenarios[1].metrics`), for the kind's own keys and nested mappings.
/// Unknown keys were already rejected against the kind's `keys`.
public struct ScenarioFields {
    let mapping: Node.Mapping
    let node: Node
    let context: ScenarioParser.Context
    /// Key path of this mapping, ending in `.` (empty at the top of a file).
    let path: String
    /// The path `rootfs: busybox` stands for.
    public let busyboxRootfs: String
    let rootfsExists: @Sendable (String) -> Bool
    /// Names of the scenario's sweep parameters (a kind may take its own values from them).
    public let sweepParameters: Set<String>

    public func has(_ key: String) -> Bool { mapping[key] != nil }

    /// An error at the key's line (the mapping's own line when the key is absent).
    public func error(_ key: String?, _ message: String) -> ScenarioError {
        let at = key.flatMap { mapping[$0] } ?? node
        return context.error(at, key: key.map { path + $0 } ?? (path.isEmpty ? nil : String(path.dropLast())), message)
    }

    /// The value, or a "missing (required)" error naming the key.
    public func required<Value>(_ key: String, _ value: Value?, hint: String = "") throws -> Value {
        guard let value else { throw error(key, "missing (required)" + (hint.isEmpty ? "" : ": \(hint)")) }
        return value
    }

    public func string(_ key: String) throws -> String? {
        try mapping[key].map { try context.string($0, key: path + key) }
    }

    public func strings(_ key: String) throws -> [String]? {
        try mapping[key].map { try context.strings($0, key: path + key) }
    }

    public func count(_ key: String, minimum: Int) throws -> Int? {
        try mapping[key].map { try context.count($0, key: path + key, minimum: minimum) }
    }

    public func seconds(_ key: String) throws -> Double? {
        try mapping[key].map { try context.seconds($0, key: path + key) }
    }

    public func number(_ key: String, minimum: Double? = nil) throws -> Double? {
        try mapping[key].map { try context.number($0, key: path + key, minimum: minimum) }
    }

    public func bool(_ key: String) throws -> Bool? {
        try mapping[key].map { try context.bool($0, key: path + key) }
    }

    /// One of an enumeration's raw values, e.g. `mode: start-until-running`.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as type: Choice.Type) throws -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw error(key, "'\(text)' is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// Every value of a list must be one of `known`.
    public func names(_ key: String, known: [String], what: String) throws -> [String]? {
        guard let values = try strings(key) else { return nil }
        for value in values where !known.contains(value) {
            throw error(key, "unknown \(what) '\(value)' (known: \(known.joined(separator: ", ")))")
        }
        return values
    }

    /// A nested mapping with its own allowed keys, read the same way.
    public func nested(_ key: String, allowed: Set<String>) throws -> ScenarioFields? {
        guard let value = mapping[key] else { return nil }
        guard case .mapping(let inner) = value else {
            throw error(key, "expected a mapping with \(allowed.sorted().joined(separator: ", "))")
        }
        try context.rejectUnknownKeys(inner, allowed: allowed, path: path + key + ".")
        return ScenarioFields(mapping: inner, node: value, context: context, path: path + key + ".", busyboxRootfs: busyboxRootfs,
                              rootfsExists: rootfsExists, sweepParameters: sweepParameters)
    }

    /// A list of mappings, each with its own allowed keys, read by `item` in order.
    public func list<Item>(_ key: String, allowed: Set<String>, _ item: (ScenarioFields) throws -> Item) throws -> [Item] {
        guard let value = mapping[key] else { throw error(key, "missing (required)") }
        guard case .sequence(let nodes) = value else { throw error(key, "expected a list of mappings") }
        return try nodes.enumerated().map { index, node in
            let itemPath = path + "\(key)[\(index)]."
            guard case .mapping(let inner) = node else {
                throw context.error(node, key: String(itemPath.dropLast()), "expected a mapping with \(allowed.sorted().joined(separator: ", "))")
            }
            try context.rejectUnknownKeys(inner, allowed: allowed, path: itemPath)
            return try item(ScenarioFields(mapping: inner, node: node, context: context, path: itemPath, busyboxRootfs: busyboxRootfs,
                                           rootfsExists: rootfsExists, sweepParameters: sweepParameters))
        }
    }

    /// The scenario file being read, for paths relative to it.
    public var file: String { context.file }

    /// A mapping of names to strings, e.g. `thresholds: {p50: 5%}`, in file order.
    public func pairs(_ key: String) throws -> [(key: String, value: String)]? {
        guard let value = mapping[key] else { return nil }
        guard case .mapping(let inner) = value else { throw error(key, "expected a mapping") }
        return try inner.map { keyNode, valueNode in
            let name = try context.string(keyNode, key: path + key)
            return (name, try context.string(valueNode, key: path + key + "." + name))
        }
    }
}
