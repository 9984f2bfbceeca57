import NamespaceCore

/// Splitting inventory lines into words (double or single quotes keep spaces) and words into
/// `key=value` assignments.
enum InventoryTokens {
    static func split(_ line: String, location: String) throws(CoreError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quote: Character?
        var inToken = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inToken = true
            case " ", "\t":
                if inToken { tokens.append(current) }
                current = ""
                inToken = false
            case "#" where !inToken:
                // A comment after the last word.
                if inToken { tokens.append(current) }
                return tokens
            default:
                current.append(character)
                inToken = true
            }
        }
        if let quote { throw CoreError(stage: location, detail: "unterminated \(quote) quote") }
        if inToken { tokens.append(current) }
        return tokens
    }

    static func assignments(_ tokens: [String], location: String) throws(CoreError) -> [String: String] {
        var result: [String: String] = [:]
        for token in tokens {
            guard let equals = token.firstIndex(of: "="), equals != token.startIndex else {
                throw CoreError(stage: location, detail: "expected key=value, got '\(token)'")
            }
            result[String(token[..<equals])] = String(token[token.index(after: equals)...])
        }
        return result
    }

    /// `key = rest of the line` of a :vars section; a value quoted whole loses its quotes.
    static func variable(_ line: String, location: String) throws(CoreError) -> (String, String) {
        guard let equals = line.firstIndex(of: "=") else {
            throw CoreError(stage: location, detail: "expected key=value, got '\(line)'")
        }
        let key = line[..<equals].trimmingWhitespace()
        var value = line[line.index(after: equals)...].trimmingWhitespace()
        guard !key.isEmpty, !key.contains(" ") else { throw CoreError(stage: location, detail: "expected key=value, got '\(line)'") }
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return (key, value)
    }
}
