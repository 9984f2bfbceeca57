import NamespaceCore

/// Word splitting and expansion as the Dockerfile frontend does them for the instructions it
/// expands (ENV, LABEL, COPY, ADD, WORKDIR, USER, EXPOSE, ARG, FROM): quotes group words and
/// are removed on expansion, `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`
/// are substituted, single quotes and the escape character keep text literal.
public struct ShellWords: Sendable {
    public var escape: Character

    public init(escape: Character = "\\") {
        self.escape = escape
    }

    /// Splits at unquoted whitespace; quotes and escapes stay in the words for `expand`.
    public func split(_ text: String) throws(CoreErrorDetail) -> [String] {
        var collector = WordCollector()
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                collector.append(character)
                escaped = false
            } else if character == escape && quote != "'" {
                collector.append(character)
                escaped = true
            } else if let open = quote {
                collector.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                collector.append(character)
            } else if character.isWhitespace {
                collector.endWord()
            } else {
                collector.append(character)
            }
        }
        if let quote { throw CoreErrorDetail("unterminated \(quote) quote") }
        return collector.finish()
    }

    /// Substitutes variables and removes quotes and escapes; unknown variables become empty.
    public func expand(_ word: String, variables: [String: String]) throws(CoreErrorDetail) -> String {
        var output = ""
        var characters = Array(word)[...]
        var quote: Character?
        while let character = characters.popFirst() {
            if quote == "'" {
                if character == "'" { quote = nil } else { output.append(character) }
                continue
            }
            if character == escape {
                guard let next = characters.popFirst() else {
                    output.append(character)
                    break
                }
                // Inside double quotes the escape only protects $, " and itself, as in sh.
                if quote == "\"" && next != "$" && next != "\"" && next != escape { output.append(character) }
                output.append(next)
                continue
            }
            if character == "\"" {
                quote = quote == nil ? "\"" : nil
                continue
            }
            if character == "'" && quote == nil {
                quote = "'"
                continue
            }
            if character == "$" {
                output += try substitution(&characters, variables: variables)
                continue
            }
            output.append(character)
        }
        if let quote { throw CoreErrorDetail("unterminated \(quote) quote in \(word)") }
        return output
    }

    /// After a `$`: the variable's value, or `$` itself when no name follows.
    private func substitution(_ characters: inout ArraySlice<Character>, variables: [String: String]) throws(CoreErrorDetail) -> String {
        guard let first = characters.first else { return "$" }
        if first == "{" {
            characters.removeFirst()
            var body = ""
            var depth = 1
            while let character = characters.popFirst() {
                if character == "{" { depth += 1 }
                if character == "}" {
                    depth -= 1
                    if depth == 0 { return try braced(body, variables: variables) }
                }
                body.append(character)
            }
            throw CoreErrorDetail("missing } in ${\(body)")
        }
        guard Self.isNameStart(first) else { return "$" }
        var name = ""
        while let character = characters.first, Self.isNameCharacter(character) {
            name.append(character)
            characters.removeFirst()
        }
        return variables[name] ?? ""
    }

    /// `NAME`, `NAME:-WORD`, `NAME-WORD`, `NAME:+WORD`, `NAME+WORD`.
    private func braced(_ body: String, variables: [String: String]) throws(CoreErrorDetail) -> String {
        let name = String(body.prefix { Self.isNameCharacter($0) })
        guard let first = name.first, Self.isNameStart(first) else {
            throw CoreErrorDetail("bad substitution ${\(body)}")
        }
        var rest = body.dropFirst(name.count)
        if rest.isEmpty { return variables[name] ?? "" }
        let colon = rest.first == ":"
        if colon { rest = rest.dropFirst() }
        guard let operation = rest.popFirst(), operation == "-" || operation == "+" else {
            throw CoreErrorDetail("bad substitution ${\(body)}: only :- and :+ are supported")
        }
        let value = variables[name]
        let isSet = colon ? !(value ?? "").isEmpty : value != nil
        let word = try expand(String(rest), variables: variables)
        if operation == "-" { return isSet ? (value ?? "") : word }
        return isSet ? word : ""
    }

    static func isNameStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        isNameStart(character) || (character.isASCII && character.isNumber)
    }
}
