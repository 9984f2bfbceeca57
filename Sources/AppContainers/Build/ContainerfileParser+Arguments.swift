import Foundation

/// The arguments of one logical line, by keyword: exec (JSON) or shell forms, flags of
/// COPY/ADD, the two forms of ENV and LABEL. Errors are the reason only; the parser adds where.
struct InstructionArguments {
    var escape: Character

    func parse(_ line: String) throws(CoreErrorDetail) -> BuildInstruction {
        let keyword = String(line.prefix { !$0.isWhitespace })
        let rest = BuildText.trimmed(line.dropFirst(keyword.count))
        let words = ShellWords(escape: escape)
        switch keyword.uppercased() {
        case "FROM":
            let parts = try words.split(rest)
            guard parts.count == 1 || (parts.count == 3 && parts[1].lowercased() == "as"),
                  let image = parts.first, !image.hasPrefix("--") else {
                throw CoreErrorDetail("expected FROM IMAGE [AS NAME]")
            }
            return .from(image: image, stage: parts.count == 3 ? parts[2] : nil)
        case "RUN":
            return .run(try command(rest, keyword: "RUN"))
        case "CMD":
            return .cmd(try command(rest, keyword: "CMD"))
        case "ENTRYPOINT":
            return .entrypoint(try command(rest, keyword: "ENTRYPOINT"))
        case "COPY", "ADD":
            return .copy(try copy(rest, isAdd: keyword.uppercased() == "ADD"))
        case "ENV":
            return .env(try keyValues(rest, keyword: "ENV"))
        case "LABEL":
            return .label(try keyValues(rest, keyword: "LABEL"))
        case "WORKDIR":
            return .workdir(try single(rest, keyword: "WORKDIR", what: "PATH"))
        case "USER":
            return .user(try single(rest, keyword: "USER", what: "USER[:GROUP]"))
        case "STOPSIGNAL":
            return .stopSignal(try single(rest, keyword: "STOPSIGNAL", what: "SIGNAL"))
        case "EXPOSE":
            let ports = try words.split(rest)
            guard !ports.isEmpty else { throw CoreErrorDetail("expected EXPOSE PORT[/PROTOCOL]...") }
            return .expose(ports)
        case "VOLUME":
            var paths = Self.jsonStringArray(rest) ?? []
            if paths.isEmpty { paths = try words.split(rest) }
            guard !paths.isEmpty else { throw CoreErrorDetail("expected VOLUME PATH... or VOLUME [\"PATH\"]") }
            return .volume(paths)
        case "ARG":
            let parts = try words.split(rest)
            guard parts.count == 1, let declaration = parts.first else { throw CoreErrorDetail("expected ARG NAME[=DEFAULT]") }
            guard let equals = declaration.firstIndex(of: "=") else { return .arg(name: declaration, defaultValue: nil) }
            let name = String(declaration[..<equals])
            guard Self.isName(name) else { throw CoreErrorDetail("bad argument name '\(name)'") }
            return .arg(name: name, defaultValue: String(declaration[declaration.index(after: equals)...]))
        case "":
            throw CoreErrorDetail("empty instruction")
        default:
            throw CoreErrorDetail("unknown instruction; supported: FROM RUN CMD ENTRYPOINT COPY ADD ENV LABEL WORKDIR USER EXPOSE VOLUME ARG STOPSIGNAL")
        }
    }

    /// `["a", "b"]` is the exec form; anything else (also JSON that is not a string array,
    /// as Docker does) is the shell form.
    func command(_ text: String, keyword: String) throws(CoreErrorDetail) -> CommandForm {
        if let array = Self.jsonStringArray(text) {
            guard !array.isEmpty || keyword == "CMD" || keyword == "ENTRYPOINT" else {
                throw CoreErrorDetail("empty exec form; give \(keyword) a command")
            }
            return .exec(array)
        }
        guard !text.isEmpty else { throw CoreErrorDetail("missing command; write \(keyword) COMMAND or \(keyword) [\"EXECUTABLE\", \"ARG\"]") }
        return .shell(text)
    }

    func copy(_ text: String, isAdd: Bool) throws(CoreErrorDetail) -> CopyInstruction {
        var remaining = text
        var chown: String?
        var chmod: String?
        var from: String?
        while remaining.hasPrefix("--") {
            let flag = String(remaining.prefix { !$0.isWhitespace })
            remaining = BuildText.trimmed(remaining.dropFirst(flag.count))
            if flag.hasPrefix("--chown=") {
                chown = String(flag.dropFirst("--chown=".count))
            } else if flag.hasPrefix("--chmod=") {
                chmod = String(flag.dropFirst("--chmod=".count))
            } else if flag.hasPrefix("--from="), !isAdd, flag.count > "--from=".count {
                from = String(flag.dropFirst("--from=".count))
            } else {
                throw CoreErrorDetail("unknown flag \(flag); supported: --chown=USER[:GROUP] --chmod=MODE\(isAdd ? "" : " --from=STAGE")")
            }
        }
        var paths = Self.jsonStringArray(remaining) ?? []
        if paths.isEmpty { paths = try ShellWords(escape: escape).split(remaining) }
        guard paths.count >= 2, let destination = paths.last else {
            throw CoreErrorDetail("needs at least one source and a destination: \(isAdd ? "ADD" : "COPY") SRC... DEST")
        }
        if let chmod, UInt32(chmod, radix: 8) == nil || chmod.count > 4 {
            throw CoreErrorDetail("--chmod=\(chmod) is not an octal mode such as 0755")
        }
        return CopyInstruction(sources: Array(paths.dropLast()), destination: destination, chown: chown, chmod: chmod, extractsArchives: isAdd, from: from)
    }

    /// `K=V K2="v 2"` (any number) or the old `K VALUE WITH SPACES` form (one pair).
    func keyValues(_ text: String, keyword: String) throws(CoreErrorDetail) -> [KeyValueWord] {
        let words = try ShellWords(escape: escape).split(text)
        guard let first = words.first else { throw CoreErrorDetail("expected \(keyword) KEY=VALUE...") }
        guard first.contains("=") else {
            let value = BuildText.trimmed(text.dropFirst(first.count))
            guard keyword == "LABEL" || !value.isEmpty else { throw CoreErrorDetail("\(first) has no value; write \(keyword) \(first)=VALUE") }
            return [KeyValueWord(key: first, value: value)]
        }
        return try words.map { word throws(CoreErrorDetail) in
            guard let equals = word.firstIndex(of: "=") else {
                throw CoreErrorDetail("'\(word)' is not KEY=VALUE (mixing the two \(keyword) forms is not allowed)")
            }
            let key = String(word[..<equals])
            guard !key.isEmpty else { throw CoreErrorDetail("'\(word)' has an empty key") }
            return KeyValueWord(key: key, value: String(word[word.index(after: equals)...]))
        }
    }

    func single(_ text: String, keyword: String, what: String) throws(CoreErrorDetail) -> String {
        guard !text.isEmpty else { throw CoreErrorDetail("expected \(keyword) \(what)") }
        return text
    }

    static func jsonStringArray(_ text: String) -> [String]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.first, ShellWords.isNameStart(first) else { return false }
        return name.allSatisfy(ShellWords.isNameCharacter)
    }
}
