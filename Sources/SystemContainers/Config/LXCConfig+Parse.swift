#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension LXCConfig {
    /// Loads a config file and everything it includes.
    public static func load(path: String, source: any LXCConfigSource = FileLXCConfigSource()) throws(CoreError) -> LXCConfig {
        var parser = LXCConfigParser(source: source)
        try parser.parseFile(path, includedFrom: nil)
        return parser.config
    }

    /// Parses text as if it were the file `name` (includes are read from `source`).
    public static func parse(_ text: String, name: String = "<config>",
                             source: any LXCConfigSource = FileLXCConfigSource()) throws(CoreError) -> LXCConfig {
        var parser = LXCConfigParser(source: source)
        try parser.parseText(text, file: name, depth: 0)
        return parser.config
    }
}

/// Reads lines into an `LXCConfig`, following `lxc.include`. Every error names the file and
/// line as `lxc config FILE:LINE`.
struct LXCConfigParser {
    /// Deep enough for LXC's own shipped configs, shallow enough to stop an include loop.
    static let maximumIncludeDepth = 8

    let source: any LXCConfigSource
    var config = LXCConfig()

    init(source: any LXCConfigSource) { self.source = source }

    mutating func parseFile(_ path: String, includedFrom entry: LXCConfigEntry?, depth: Int = 0) throws(CoreError) {
        let text: String
        do { text = try source.read(path) } catch {
            if let entry { throw Self.error(entry, "cannot read included file \(path): \(error)") }
            throw CoreError(stage: "lxc config \(path)", errno: error.errno, detail: "cannot read the file")
        }
        try parseText(text, file: path, depth: depth)
    }

    mutating func parseText(_ text: String, file: String, depth: Int) throws(CoreError) {
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw CoreError(stage: "lxc config \(file):\(number)", detail: "expected 'key = value', got '\(line)'")
            }
            let key = line[..<equals].trimmingCharacters(in: " \t")
            let value = Self.unquoted(line[line.index(after: equals)...].trimmingCharacters(in: " \t"))
            let entry = LXCConfigEntry(file: file, line: number, key: key, value: value)
            if key == "lxc.include" {
                try include(entry, depth: depth)
            } else {
                try apply(entry)
            }
        }
    }

    /// A file, or every `*.conf` of a directory in name order, as LXC does.
    mutating func include(_ entry: LXCConfigEntry, depth: Int) throws(CoreError) {
        guard depth < Self.maximumIncludeDepth else {
            throw Self.error(entry, "includes nested deeper than \(Self.maximumIncludeDepth) (a loop?)")
        }
        guard !entry.value.isEmpty else { throw Self.error(entry, "lxc.include needs a path") }
        var path = entry.value
        if !path.hasPrefix("/"), let slash = entry.file.lastIndex(of: "/") {
            path = String(entry.file[...slash]) + path
        }
        if source.isDirectory(path) {
            let names: [String]
            do { names = try source.list(path) } catch { throw Self.error(entry, "cannot list \(path): \(error)") }
            let base = path.hasSuffix("/") ? path : path + "/"
            for name in names.sorted() where name.hasSuffix(".conf") {
                try parseFile(base + name, includedFrom: entry, depth: depth + 1)
            }
        } else if let text = try readIncluded(path, entry) {
            try parseText(text, file: path, depth: depth + 1)
        }
    }

    /// A missing include is skipped, as LXC does (Debian's userns.conf includes a directory
    /// that does not exist); any other read failure is an error.
    func readIncluded(_ path: String, _ entry: LXCConfigEntry) throws(CoreError) -> String? {
        do { return try source.read(path) } catch where error.kind == .notFound {
            return nil
        } catch {
            throw Self.error(entry, "cannot read included file \(path): \(error)")
        }
    }

    static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else { return value }
        return String(value.dropFirst().dropLast())
    }

    static func error(_ entry: LXCConfigEntry, _ detail: String) -> CoreError {
        CoreError(stage: "lxc config \(entry.file):\(entry.line)", detail: detail)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

    /// Space- or tab-separated words.
    var words: [String] {
        String(self).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}
