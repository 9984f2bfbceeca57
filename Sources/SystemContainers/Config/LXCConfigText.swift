/// Edits of config text that keep the user's comments and order.
public enum LXCConfigText {
    /// Sets `key` to `value` on every line that assigns it; appends the line when none does.
    public static func setting(_ key: String, to value: String, in text: String) -> String {
        var found = false
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.trimmingCharacters(in: " \t")
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "="),
                  trimmed[..<equals].trimmingCharacters(in: " \t") == key else { return String(line) }
            found = true
            return "\(key) = \(value)"
        }
        if !found {
            if lines.last == "" { lines.removeLast() }
            lines.append("\(key) = \(value)")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
