extension String {
    /// Without leading and trailing spaces, tabs and newlines (cgroup files end in "\n").
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// `key value` lines (memory.events, cpu.stat, memory.oom_control) as a dictionary.
    func cgroupKeyedValues() -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = UInt64(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }
}
