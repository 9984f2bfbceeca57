/// Escaping for text placed in Markdown tables and headings.
enum Markdown {
    /// One table cell: pipes escaped, line breaks flattened.
    static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|")
            .replacing("\r\n", with: " ")
            .replacing("\n", with: " ")
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |\n"
    }

    static func separator(columns: Int) -> String {
        "|" + String(repeating: "---|", count: columns) + "\n"
    }

    /// A fenced block whose fence is longer than any backtick run inside,
    /// so evidence containing ``` cannot end it early.
    static func fenced(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }
}
