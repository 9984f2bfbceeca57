import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// `.containerignore` (or `.dockerignore`) of a build context: paths COPY and ADD do not see.
/// As Docker reads it: one pattern a line, `#` comments, `*`, `?` and `[...]` within a path
/// component, `**` across any number of them, a leading `!` takes a path back in, and the
/// last matching line wins. A pattern that matches a directory excludes what is inside it.
public struct BuildContextIgnore: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var components: [String]
        var excludes: Bool
    }

    var rules: [Rule]

    public init(_ text: String) {
        rules = text.split(separator: "\n").compactMap { line in
            var pattern = BuildText.trimmed(line)
            guard !pattern.isEmpty, !pattern.hasPrefix("#") else { return nil }
            let excludes = !pattern.hasPrefix("!")
            if !excludes { pattern = BuildText.trimmed(pattern.dropFirst()) }
            let components = pattern.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
            return components.isEmpty ? nil : Rule(components: components, excludes: excludes)
        }
    }

    /// The ignore file of `directory`, if it has one (`.containerignore` first).
    public static func load(from directory: String) -> BuildContextIgnore {
        for name in [".containerignore", ".dockerignore"] {
            if let bytes = try? FileIO.read(directory + "/" + name) { return BuildContextIgnore(String(decoding: bytes, as: UTF8.self)) }
        }
        return BuildContextIgnore("")
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether the context-relative `path` is left out.
    public func excludes(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        var excluded = false
        for rule in rules {
            // A rule matching the path or one of its parent directories.
            if (1...max(parts.count, 1)).contains(where: { Self.matches(rule.components[...], parts.prefix($0)) }) {
                excluded = rule.excludes
            }
        }
        return excluded
    }

    static func matches(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            return (0...path.count).contains { matches(pattern.dropFirst(), path.dropFirst($0)) }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }
}
