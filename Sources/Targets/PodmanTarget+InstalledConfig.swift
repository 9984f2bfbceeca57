import NamespaceCore

extension PodmanTarget {
    /// Where podman reads its configuration, the later overriding the earlier.
    public static let installedConfigs = ["/usr/share/containers/containers.conf", "/etc/containers/containers.conf"]

    /// The `[containers]` table of the last of `files` that has one, with its header, as the
    /// file has it; empty when none has. Tables end at the next line that opens one (`[` in
    /// the first column). Taking one file's table whole, not merging keys, is enough where /etc
    /// has none, as here; a host whose /etc file has the table gets that one.
    static func containersTable(of files: [String]) -> String {
        for file in files.reversed() {
            let lines = FileIO.contents(file).split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.trimmingWhitespace() == "[containers]" }) else { continue }
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("[") } ?? lines.endIndex
            return "# The [containers] table of \(file)\n" + lines[start..<end].joined(separator: "\n") + "\n"
        }
        return ""
    }
}
