import NamespaceCore

/// One external program the project drives or measures, and whether it answers.
public struct ToolCheck: Sendable, Equatable, Codable {
    public var name: String
    public var command: [String]
    /// First dotted version number in its output (`1.1.5`, `5.4`), nil when it did not run.
    public var version: String?
    public var works: Bool
    /// First line of output, for the report and for diagnosing a failure.
    public var firstLine: String?

    public init(name: String, command: [String], version: String?, works: Bool, firstLine: String?) {
        self.name = name
        self.command = command
        self.version = version
        self.works = works
        self.firstLine = firstLine
    }

    /// The tools `cbench doctor` reports, with the argument that makes each print its version.
    public static let known: [(name: String, command: [String])] = [
        ("runc", ["runc", "--version"]),
        ("crun", ["crun", "--version"]),
        ("lxc-start", ["lxc-start", "--version"]),
        ("podman", ["podman", "--version"]),
        ("docker", ["docker", "--version"]),
        ("dockerd", ["dockerd", "--version"]),
        ("criu", ["criu", "--version"]),
        ("gnuplot", ["gnuplot", "--version"]),
        ("debootstrap", ["debootstrap", "--version"]),
        ("perf", ["perf", "--version"]),
        ("unshare", ["unshare", "--version"]),
        ("ip", ["ip", "-V"]),
    ]

    public static func check(name: String, command: [String], runner: any HostCommandRunning) -> ToolCheck {
        guard let result = runner.run(command) else {
            return ToolCheck(name: name, command: command, version: nil, works: false, firstLine: nil)
        }
        let lines = result.output.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        // criu prints `Version: 4.1.1` after other lines; prefer a line that says "version".
        let versionLine = lines.first { $0.lowercased().contains("version") } ?? lines.first
        return ToolCheck(name: name, command: command, version: versionLine.flatMap(parseVersion),
                         works: result.status == 0, firstLine: lines.first)
    }

    public static func checkAll(runner: any HostCommandRunning = HostCommandRunner()) -> [ToolCheck] {
        known.map { check(name: $0.name, command: $0.command, runner: runner) }
    }

    /// The first word that starts with a digit and holds a dot, without a trailing comma:
    /// `runc version 1.1.5+ds1` -> `1.1.5+ds1`, `Docker version 24.0.7, build afdd53b` -> `24.0.7`,
    /// `gnuplot 5.4 patchlevel 4` -> `5.4`, `ip utility, iproute2-6.1.0, libbpf 1.1.0` -> `6.1.0`.
    public static func parseVersion(_ text: String) -> String? {
        for rawWord in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var word = Substring(rawWord)
            while let last = word.last, last == "," || last == ";" || last == ")" { word.removeLast() }
            // `iproute2-6.1.0`, `v4.1`: the number after a dash or a leading v.
            if let dash = word.lastIndex(of: "-"), word[word.index(after: dash)...].first?.isNumber == true,
               !(word.first?.isNumber ?? false) {
                word = word[word.index(after: dash)...]
            }
            if word.first == "v", word.dropFirst().first?.isNumber == true { word = word.dropFirst() }
            guard word.first?.isNumber == true, word.contains("."),
                  word.split(separator: ".").first?.allSatisfy(\.isNumber) == true else { continue }
            return String(word)
        }
        return nil
    }
}
