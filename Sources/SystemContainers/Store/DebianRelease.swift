import NamespaceCore

/// The Debian releases the debian template bootstraps, and the init each gets: systemd as
/// bookworm ships it, sysvinit for the others (the "another init" and "another distro" rows).
public enum DebianRelease: String, Sendable, CaseIterable {
    case bookworm, bullseye, trixie

    public enum InitSystem: String, Sendable { case systemd, sysvinit }

    public var initSystem: InitSystem { self == .bookworm ? .systemd : .sysvinit }

    /// The packages beyond minbase: the init as PID 1.
    var extraPackages: [String] {
        switch initSystem {
        case .systemd: return ["systemd-sysv"]
        case .sysvinit: return ["sysvinit-core"]
        }
    }

    /// What the init halts on: systemd's SIGRTMIN+3; sysvinit's powerfail entry on SIGPWR.
    var haltSignal: String { initSystem == .systemd ? "SIGRTMIN+3" : "SIGPWR" }

    public static func named(_ name: String?) throws(CoreError) -> DebianRelease {
        guard let name else {
            throw CoreError(stage: "template debian", detail: "needs --release (\(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let release = DebianRelease(rawValue: name) else {
            throw CoreError(stage: "release \(name)", detail: "unknown Debian release; available: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return release
    }
}
