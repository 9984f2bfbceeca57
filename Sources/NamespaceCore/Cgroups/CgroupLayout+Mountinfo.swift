/// Reading the cgroup mounts out of /proc/self/mountinfo.
extension CgroupLayout {
    /// Mount options of a v1 cgroup mount that are not controllers.
    static let nonControllerOptions: Set<String> = [
        "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "none",
    ]

    /// Parses mountinfo text. A hierarchy mounted twice (bind mounts) counts once.
    public init(mountinfo: String) throws(CoreError) {
        var v1: [CgroupHierarchy] = []
        var unified: CgroupHierarchy?
        for line in mountinfo.split(separator: "\n") {
            guard let mount = Self.parseMountLine(line) else { continue }
            switch mount.fsType {
            case "cgroup2":
                if unified == nil {
                    unified = CgroupHierarchy(version: .v2, mountPoint: mount.mountPoint, controllers: [])
                }
            case "cgroup":
                let controllers = mount.superOptions.filter {
                    !Self.nonControllerOptions.contains($0) && !$0.hasPrefix("release_agent=")
                }
                guard !controllers.isEmpty, !v1.contains(where: { $0.controllers == controllers }) else { continue }
                v1.append(CgroupHierarchy(version: .v1, mountPoint: mount.mountPoint, controllers: controllers))
            default:
                continue
            }
        }
        // Named-only v1 hierarchies (name=systemd) next to cgroup2 are compatibility mounts
        // for old containers: the host still manages resources through cgroup2.
        let hasV1Controllers = v1.contains { $0.controllers.contains { !$0.hasPrefix("name=") } }
        let mode: CgroupMode
        switch (hasV1Controllers, unified != nil) {
        case (true, true): mode = .hybrid
        case (true, false): mode = .v1
        case (false, true): mode = .v2
        case (false, false):
            throw CoreError(stage: "detect cgroup mode", errno: nil, detail: "no cgroup or cgroup2 mount in mountinfo")
        }
        self.init(mode: mode, v1Hierarchies: mode == .v2 ? [] : v1, unified: unified)
    }

    struct MountLine {
        var mountPoint: String
        var fsType: String
        var superOptions: [String]
    }

    /// `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS`
    static func parseMountLine(_ line: Substring) -> MountLine? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash >= 6,
              fields.count >= dash + 4 else { return nil }
        return MountLine(
            mountPoint: unescapeOctal(String(fields[4])),
            fsType: String(fields[dash + 1]),
            superOptions: fields[dash + 3].split(separator: ",").map(String.init)
        )
    }

    /// mountinfo writes space, tab, newline and backslash in paths as `\040`-style octal.
    static func unescapeOctal(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "\\"), index + 4 <= source.count,
               let value = UInt8(String(decoding: source[(index + 1)..<(index + 4)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
