import NamespaceCore

/// `lxc.init.cmd` as LXC reads it: words split on blanks, where single or double quotes keep
/// blanks inside one word (LXC's lxc_string_split_quoted), and the reverse for writing.
enum LXCCommandLine {
    static func split(_ text: String) -> [String] {
        var collector = WordCollector()
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { collector.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                collector.startWord()
            } else if character == " " || character == "\t" {
                collector.endWord()
            } else {
                collector.append(character)
            }
        }
        return collector.finish()
    }

    /// Quotes a word only when it needs it; a word holding both quote kinds cannot be written.
    static func join(_ words: [String]) -> String? {
        var parts: [String] = []
        for word in words {
            let plain = !word.isEmpty && !word.contains(where: { $0 == " " || $0 == "\t" || $0 == "'" || $0 == "\"" })
            if plain {
                parts.append(word)
            } else if !word.contains("'") {
                parts.append("'\(word)'")
            } else if !word.contains("\"") {
                parts.append("\"\(word)\"")
            } else {
                return nil
            }
        }
        return parts.joined(separator: " ")
    }
}
