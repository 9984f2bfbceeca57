/// The Debian archives apt on this host is configured with (/etc/apt/sources.list and
/// sources.list.d, one-line and deb822 formats): the only package mirror the project may
/// use, so nothing names one in code. Other repositories in the files are left out.
public struct HostAptSources: Sendable, Equatable {
    /// One `deb` line: an archive URI, a suite, components and apt's options (`signed-by`).
    public struct Entry: Sendable, Equatable {
        public var uri: String
        public var suite: String
        public var components: [String]
        public var signedBy: String?

        public init(uri: String, suite: String, components: [String], signedBy: String? = nil) {
            self.uri = uri
            self.suite = suite
            self.components = components
            self.signedBy = signedBy
        }

        /// The suite's release (`bookworm` of `bookworm-security`).
        public var release: String { String(suite.prefix { $0 != "-" && $0 != "/" }) }
        public var isSecurity: Bool { uri.contains("security") || suite.hasSuffix("-security") || suite.hasSuffix("/updates") }

        /// The one-line form apt reads.
        public var line: String {
            let options = signedBy.map { " [signed-by=\($0)]" } ?? ""
            return "deb\(options) \(uri) \(suite) \(components.joined(separator: " "))"
        }
    }

    /// Debian entries only: archives whose path ends in /debian or /debian-security.
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Read from `/etc/apt` (or `files`, read by `read`).
    public static func read(files: [String]? = nil, read: (String) -> String? = { path in
        (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
    }) -> HostAptSources {
        let paths = files ?? (["/etc/apt/sources.list"] + ((try? FileIO.names(in: "/etc/apt/sources.list.d")) ?? [])
            .filter { $0.hasSuffix(".list") || $0.hasSuffix(".sources") }.sorted().map { "/etc/apt/sources.list.d/\($0)" })
        var entries: [Entry] = []
        for path in paths {
            guard let text = read(path) else { continue }
            entries += parse(text).entries
        }
        return HostAptSources(entries: entries)
    }

    /// The Debian entries of one file's text, in either format.
    public static func parse(_ text: String) -> HostAptSources {
        HostAptSources(entries: (oneLineEntries(text) + deb822Entries(text)).filter { isDebianArchive($0.uri) })
    }

    /// The main archive's URI (not the security one), as debootstrap takes it.
    public var mirror: String? { entries.first { !$0.isSecurity }?.uri }

    /// The entries for another release of the same archives: `bookworm-updates` becomes
    /// `trixie-updates`, and so on (a stack may use another release than the host's).
    public func entries(for release: String) -> [Entry] {
        var seen: [Entry] = []
        for var entry in entries {
            entry.suite = release + entry.suite.dropFirst(entry.release.count)
            if !seen.contains(entry) { seen.append(entry) }
        }
        return seen
    }

    static func isDebianArchive(_ uri: String) -> Bool {
        guard uri.hasPrefix("http://") || uri.hasPrefix("https://") || uri.hasPrefix("file:") else { return false }
        var trimmed = Substring(uri)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed.hasSuffix("/debian") || trimmed.hasSuffix("/debian-security")
    }

    static func words(_ text: Substring) -> [String] {
        text.split(whereSeparator: { (character: Character) in character == " " || character == "\t" }).map(String.init)
    }

    static func words(_ text: String) -> [String] { words(Substring(text)) }

    static func oneLineEntries(_ text: String) -> [Entry] {
        text.split(separator: "\n").compactMap { raw -> Entry? in
            var words = Self.words(raw.prefix { $0 != "#" })
            guard words.first == "deb" else { return nil }
            words.removeFirst()
            var signedBy: String?
            if words.first?.hasPrefix("[") == true {
                var options: [String] = []
                while let word = words.first {
                    words.removeFirst()
                    options.append(word)
                    if word.hasSuffix("]") { break }
                }
                let joined = options.joined(separator: " ").filter { $0 != "[" && $0 != "]" }
                signedBy = joined.split(separator: " ").first { $0.hasPrefix("signed-by=") }.map { String($0.dropFirst("signed-by=".count)) }
            }
            guard words.count >= 2 else { return nil }
            return Entry(uri: words[0], suite: words[1], components: Array(words.dropFirst(2)), signedBy: signedBy)
        }
    }

    /// Stanzas are separated by empty lines; a field is `Name: value` (names in any case).
    static func deb822Entries(_ text: String) -> [Entry] {
        var stanzas: [[String: String]] = [[:]]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty {
                if !(stanzas.last ?? [:]).isEmpty { stanzas.append([:]) }
                continue
            }
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            stanzas[stanzas.count - 1][line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingWhitespace()
        }
        var entries: [Entry] = []
        for fields in stanzas {
            guard words(fields["types"] ?? "").contains("deb"), fields["enabled"]?.lowercased() != "no" else { continue }
            let components = words(fields["components"] ?? "")
            for uri in words(fields["uris"] ?? "") {
                for suite in words(fields["suites"] ?? "") {
                    entries.append(Entry(uri: uri, suite: suite, components: components, signedBy: fields["signed-by"]))
                }
            }
        }
        return entries
    }
}
