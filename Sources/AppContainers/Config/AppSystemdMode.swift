#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// `cbench app run --systemd=true|false|always`, with podman's meaning and default: `true`
/// runs a container in systemd mode when its command is systemd (`isSystemdCommand`),
/// `always` whatever its command, `false` never. What systemd mode changes is
/// `AppSystemdPlan`.
public enum AppSystemdMode: String, Codable, Sendable, Equatable, CaseIterable {
    case detect = "true"
    case never = "false"
    case always

    /// podman's default.
    public static let standard = AppSystemdMode.detect

    /// `true`, `false` or `always`, as `--systemd` takes them.
    public static func parse(_ text: String) throws(CoreError) -> AppSystemdMode {
        guard let mode = AppSystemdMode(rawValue: text) else {
            throw CoreError(stage: "--systemd", errno: EINVAL, detail: "'\(text)' is not supported; use true, false or always")
        }
        return mode
    }

    /// The commands podman takes for systemd: /sbin/init, /usr/sbin/init,
    /// /usr/local/sbin/init, or a program named `systemd` (/lib/systemd/systemd).
    public static let initPaths: Set<String> = ["/sbin/init", "/usr/sbin/init", "/usr/local/sbin/init"]

    /// Whether `program` (the first of a container's args) is one of those.
    public static func isSystemdCommand(_ program: String) -> Bool {
        initPaths.contains(program) || program.split(separator: "/").last == "systemd"
    }

    /// Whether a container whose process is `args` (entrypoint and command) runs in systemd mode.
    public func applies(to args: [String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .detect: return args.first.map(Self.isSystemdCommand) ?? false
        }
    }
}
