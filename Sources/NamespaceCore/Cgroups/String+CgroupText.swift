extension String {
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
