import NamespaceCore

/// apt-get on the host with a configuration of its own: the host's Debian archives only,
/// package lists in `work`, and the dpkg status of the stack's base root, so apt resolves
/// exactly what an image built on that root lacks and downloads it into `archives`. The
/// host's own lists, caches and installed packages are not touched; its apt.conf.d (a proxy,
/// say) still applies.
struct AptOnHost {
    let work: String
    let status: String
    let archives: String

    func prepare(sources: [HostAptSources.Entry]) throws {
        for directory in ["\(work)/lists/partial", "\(work)/cache", "\(work)/parts", "\(archives)/partial"] {
            try FileIO.makeDirectories(directory, mode: 0o755)
        }
        try FileIO.write("\(work)/sources.list", Array((sources.map(Self.copying).map(\.line).joined(separator: "\n") + "\n").utf8))
    }

    /// A `file:` archive (a mirror on a local disk) as `copy:`: apt reads a `file:` package
    /// where it lies and puts nothing into `archives`, which would leave the stack's local
    /// repository empty; `copy:` is the same archive with its files copied there.
    static func copying(_ entry: HostAptSources.Entry) -> HostAptSources.Entry {
        guard entry.uri.hasPrefix("file:") else { return entry }
        var copied = entry
        copied.uri = "copy:" + entry.uri.dropFirst("file:".count)
        return copied
    }

    func command(_ arguments: [String]) -> [String] {
        ["apt-get", "-q",
         "-o", "Dir::Etc::SourceList=\(work)/sources.list", "-o", "Dir::Etc::SourceParts=\(work)/parts",
         "-o", "Dir::Etc::Preferences=\(work)/preferences", "-o", "Dir::Etc::PreferencesParts=\(work)/parts",
         "-o", "Dir::State=\(work)", "-o", "Dir::State::Lists=\(work)/lists", "-o", "Dir::State::status=\(status)",
         "-o", "Dir::Cache=\(work)/cache", "-o", "Dir::Cache::archives=\(archives)",
         "-o", "APT::Sandbox::User=root", "-o", "Debug::NoLocking=1", "-o", "Acquire::Languages=none"] + arguments
    }
}
