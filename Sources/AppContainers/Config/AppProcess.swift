#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

/// The process a container runs, merged from the image config and the CLI as Docker does:
/// Entrypoint + Cmd (arguments replace Cmd, `--entrypoint` replaces Entrypoint and drops the
/// image's Cmd), the image's Env then `-e` (a later key wins), WorkingDir, User, StopSignal;
/// and whether it runs in systemd mode (`--systemd`, `AppSystemdMode`).
public struct AppProcess: Sendable, Equatable {
    public static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    public var args: [String]
    public var environment: [String]
    public var workingDirectory: String
    /// The unresolved user text (empty: root).
    public var user: String
    public var stopSignal: Int32
    /// Systemd mode applies (`AppSystemdPlan`).
    public var runsSystemd: Bool

    public init(args: [String], environment: [String], workingDirectory: String, user: String, stopSignal: Int32, runsSystemd: Bool = false) {
        self.args = args
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.stopSignal = stopSignal
        self.runsSystemd = runsSystemd
    }

    public init(config: AppContainerConfig, image: ImageConfiguration.ExecutionParameters?, hostname: String) throws(CoreError) {
        let entrypoint = config.entrypoint ?? image?.entrypoint ?? []
        // Docker: a new entrypoint discards the image's Cmd.
        let imageCommand = config.entrypoint == nil ? (image?.cmd ?? []) : []
        let command = config.command.isEmpty ? imageCommand : config.command
        args = entrypoint + command
        guard !args.isEmpty else {
            throw CoreError(stage: "container command", detail: "image \(config.image) has no Entrypoint or Cmd; give a command after the image name")
        }
        environment = Self.mergeEnvironment(image: image?.env ?? [], overrides: config.environment, hostname: hostname)
        let directory = config.workingDirectory ?? image?.workingDir ?? ""
        workingDirectory = directory.isEmpty ? "/" : directory
        guard workingDirectory.hasPrefix("/") else {
            throw CoreError(stage: "working directory \(workingDirectory)", errno: EINVAL, detail: "must be an absolute path (-w /dir)")
        }
        user = config.user ?? image?.user ?? ""
        runsSystemd = config.systemdMode.applies(to: args)
        // podman: the image's StopSignal, else systemd's halt in systemd mode.
        let imageSignal = image?.stopSignal.flatMap { $0.isEmpty ? nil : $0 }
        stopSignal = try Self.stopSignal(imageSignal ?? (runsSystemd ? AppSystemdPlan.stopSignal : nil))
    }

    /// PATH first unless the image sets one, HOSTNAME, the image's entries, then the overrides;
    /// a key set twice keeps the later value in the earlier place.
    static func mergeEnvironment(image: [String], overrides: [String], hostname: String) -> [String] {
        var keys: [String] = []
        var values: [String: String] = [:]
        func set(_ entry: String) {
            let key = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? entry
            if values[key] == nil { keys.append(key) }
            values[key] = entry
        }
        set(defaultPath)
        set("HOSTNAME=\(hostname)")
        image.forEach(set)
        overrides.forEach(set)
        return keys.compactMap { values[$0] }
    }

    /// The image's StopSignal (`SIGTERM`, `TERM`, `15`); SIGTERM when absent.
    public static func stopSignal(_ text: String?) throws(CoreError) -> Int32 {
        guard let text, !text.isEmpty else { return 15 }
        guard let number = Signal.number(named: text) else {
            throw CoreError(stage: "StopSignal \(text)", errno: EINVAL, detail: "not a signal name or number")
        }
        return number
    }
}
