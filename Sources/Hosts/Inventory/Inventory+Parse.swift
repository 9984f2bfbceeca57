import NamespaceCore

/// Reading the INI inventory format Ansible documents: `[group]` sections of host lines
/// (`NAME key=value ...`, numeric ranges `web[01:03]`), `[group:vars]` sections of
/// `key=value` lines and `[group:children]` sections of group names. Comments start with `#`
/// or `;`. Every error names `file:line`.
extension Inventory {
    public static func parse(file: String) throws(CoreError) -> Inventory {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(file) } catch {
            throw CoreError(stage: "inventory \(file)", errno: error.errno, detail: "cannot read the inventory")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: file)
    }

    public static func parse(_ text: String, file: String = "inventory") throws(CoreError) -> Inventory {
        var builder = InventoryBuilder()
        var section = InventorySection.hosts("ungrouped")
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingWhitespace()
            let location = "\(file):\(offset + 1)"
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = try InventorySection(header: line, location: location)
                builder.declare(section.group)
                continue
            }
            switch section {
            case .hosts(let group):
                let tokens = try InventoryTokens.split(line, location: location)
                let variables = try InventoryTokens.assignments(Array(tokens.dropFirst()), location: location)
                for name in try InventoryHostPattern.expand(tokens[0], location: location) {
                    builder.addHost(name, group: group, variables: variables)
                }
            case .variables(let group):
                // As Ansible reads it: the value is the rest of the line, spaces and all.
                let (key, value) = try InventoryTokens.variable(line, location: location)
                builder.groupVariables[group, default: [:]][key] = value
            case .children(let group):
                guard !line.contains(" "), !line.contains("=") else {
                    throw CoreError(stage: location, detail: "expected a group name in [\(group):children], got '\(line)'")
                }
                builder.children[group, default: []].append(line)
            }
        }
        return try builder.build(file: file)
    }
}

/// What a section header opens.
enum InventorySection: Equatable {
    case hosts(String)
    case variables(String)
    case children(String)

    var group: String {
        switch self {
        case .hosts(let name), .variables(let name), .children(let name): return name
        }
    }

    init(header: String, location: String) throws(CoreError) {
        guard header.hasSuffix("]"), header.count > 2 else {
            throw CoreError(stage: location, detail: "section header '\(header)' has no closing ]")
        }
        let inner = String(header.dropFirst().dropLast())
        let parts = inner.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty, !name.contains(" "), parts.count <= 2 else {
            throw CoreError(stage: location, detail: "'\(header)' is not a group header: expected [group], [group:vars] or [group:children]")
        }
        switch parts.count == 2 ? parts[1] : nil {
        case nil: self = .hosts(name)
        case "vars"?: self = .variables(name)
        case "children"?: self = .children(name)
        case let other?:
            throw CoreError(stage: location, detail: "unknown section kind ':\(other)' in '\(header)': expected :vars or :children")
        }
    }
}
