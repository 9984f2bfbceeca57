import NamespaceCore

/// Host name patterns with one numeric range, as Ansible writes them: `web[1:3]` is web1, web2,
/// web3; `db[01:10]` keeps the leading zeros. Names without brackets stand for themselves.
enum InventoryHostPattern {
    static func expand(_ pattern: String, location: String) throws(CoreError) -> [String] {
        guard let open = pattern.firstIndex(of: "[") else {
            guard !pattern.contains("]") else { throw invalid(pattern, location) }
            return [pattern]
        }
        guard let close = pattern[open...].firstIndex(of: "]") else { throw invalid(pattern, location) }
        let prefix = String(pattern[..<open])
        let suffix = String(pattern[pattern.index(after: close)...])
        let range = pattern[pattern.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false)
        guard range.count == 2, let first = Int(range[0]), let last = Int(range[1]), first <= last,
              last - first < 10_000, !suffix.contains("[") else { throw invalid(pattern, location) }
        let width = range[0].hasPrefix("0") ? range[0].count : 0
        return (first...last).map { number in
            let digits = String(number)
            return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits + suffix
        }
    }

    static func invalid(_ pattern: String, _ location: String) -> CoreError {
        CoreError(stage: location, detail: "host pattern '\(pattern)' is not NAME or NAME[FIRST:LAST] with numbers")
    }
}
