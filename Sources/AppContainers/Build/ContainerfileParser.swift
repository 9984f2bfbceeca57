import NamespaceCore

/// Reads Containerfile text: parser directives (`# escape=`), comments, continuation lines,
/// then one `ContainerfileInstruction` per logical line. Errors name `FILE:LINE KEYWORD`.
public struct ContainerfileParser: Sendable {
    public init() {}

    public func parse(_ text: String, path: String) throws(CoreError) -> Containerfile {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        let escape = Self.escapeDirective(lines) ?? "\\"
        var instructions: [ContainerfileInstruction] = []
        for logical in Self.logicalLines(lines, escape: escape) {
            let location = SourceLocation(file: path, line: logical.line)
            do {
                let kind = try InstructionArguments(escape: escape).parse(logical.text)
                instructions.append(ContainerfileInstruction(location: location, text: logical.text, kind: kind))
            } catch {
                let keyword = String(logical.text.prefix { !$0.isWhitespace }).uppercased()
                throw CoreError(stage: "\(location) \(keyword)", detail: error.text)
            }
        }
        let firstNonArgument = instructions.first { if case .arg = $0.kind { false } else { true } }
        guard let firstNonArgument else {
            throw CoreError(stage: path, detail: "no FROM instruction; start the file with FROM IMAGE or FROM scratch")
        }
        guard case .from = firstNonArgument.kind else {
            throw CoreError(stage: "\(firstNonArgument.location) \(firstNonArgument.keyword)",
                            detail: "the first instruction must be FROM (only ARG may come before it)")
        }
        return Containerfile(path: path, instructions: instructions)
    }

    /// Leading `# escape=X` comments (before any other line), as the Dockerfile frontend reads them.
    static func escapeDirective(_ lines: [String]) -> Character? {
        for line in lines {
            let trimmed = BuildText.trimmed(line)
            guard trimmed.hasPrefix("#") else { return nil }
            let body = BuildText.trimmed(trimmed.dropFirst())
            guard let equals = body.firstIndex(of: "=") else { return nil }
            let name = BuildText.trimmed(body[..<equals]).lowercased()
            let value = BuildText.trimmed(body[body.index(after: equals)...])
            if name == "escape", value == "`" || value == "\\" { return value.first }
            if name != "syntax" && name != "check" { return nil }
        }
        return nil
    }

    struct LogicalLine: Equatable {
        var line: Int
        var text: String
    }

    /// Joins continuation lines (ending in the escape character); comment and blank lines
    /// inside a continuation are skipped, as Docker does.
    static func logicalLines(_ lines: [String], escape: Character) -> [LogicalLine] {
        var result: [LogicalLine] = []
        var pending: LogicalLine?
        for (index, raw) in lines.enumerated() {
            let trimmed = BuildText.trimmed(raw)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.isEmpty {
                continue
            }
            var body = pending == nil ? trimmed : BuildText.trimmedTrailing(raw)
            let continues = body.last == escape
            if continues { body = String(body.dropLast()) }
            if var open = pending {
                open.text += body
                pending = open
            } else {
                pending = LogicalLine(line: index + 1, text: body)
            }
            if !continues, let complete = pending {
                result.append(LogicalLine(line: complete.line, text: BuildText.trimmed(complete.text)))
                pending = nil
            }
        }
        if let complete = pending, !BuildText.trimmed(complete.text).isEmpty {
            result.append(LogicalLine(line: complete.line, text: BuildText.trimmed(complete.text)))
        }
        return result
    }
}
