import NamespaceCore

/// Collects sections as they are read and resolves groups, children and variables at the end.
struct InventoryBuilder {
    var hostOrder: [String] = []
    var hostVariables: [String: [String: String]] = [:]
    /// Direct members of each group, in file order.
    var members: [String: [String]] = [:]
    var groupOrder: [String] = []
    var groupVariables: [String: [String: String]] = [:]
    var children: [String: [String]] = [:]

    mutating func declare(_ group: String) {
        if !groupOrder.contains(group) { groupOrder.append(group) }
    }

    mutating func addHost(_ name: String, group: String, variables: [String: String]) {
        if hostVariables[name] == nil {
            hostOrder.append(name)
            hostVariables[name] = [:]
        }
        hostVariables[name, default: [:]].merge(variables) { _, new in new }
        declare(group)
        if !(members[group] ?? []).contains(name) { members[group, default: []].append(name) }
    }

    func build(file: String) throws(CoreError) -> Inventory {
        var groups: [String: [String]] = [:]
        for group in groupOrder {
            groups[group] = try hosts(of: group, file: file, visiting: [])
        }
        groups["all"] = hostOrder
        let hosts = hostOrder.map { name in
            // Lowest first: all:vars, then each group in file order (parents before children
            // when declared so), then the host's own line.
            var merged = groupVariables["all"] ?? [:]
            for group in groupOrder where group != "all" && (groups[group] ?? []).contains(name) {
                merged.merge(groupVariables[group] ?? [:]) { _, new in new }
            }
            merged.merge(hostVariables[name] ?? [:]) { _, new in new }
            return InventoryHost(name: name, variables: merged)
        }
        return Inventory(hosts: hosts, groups: groups)
    }

    func hosts(of group: String, file: String, visiting: Set<String>) throws(CoreError) -> [String] {
        guard !visiting.contains(group) else {
            throw CoreError(stage: file, detail: "group \(group) is its own child (a cycle in :children sections)")
        }
        var result = members[group] ?? []
        for child in children[group] ?? [] {
            guard groupOrder.contains(child) else {
                throw CoreError(stage: file, detail: "[\(group):children] names group \(child), which has no section")
            }
            for host in try hosts(of: child, file: file, visiting: visiting.union([group])) where !result.contains(host) {
                result.append(host)
            }
        }
        return result
    }
}
