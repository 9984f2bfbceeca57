/// An application-container target that has its own way to boot systemd as a container's
/// init (podman's `--systemd=always`, the flags Docker needs, cbench-app's systemd mode that
/// its defaults detect): what "real init with several services" starts it with, and says.
/// Others start `/sbin/init` with their defaults.
public protocol SystemdBootingTarget: ContainerTarget {
    /// The flags it boots systemd with, for the evidence.
    var systemdMeans: String { get }
    /// Starts a prepared container whose command is `/sbin/init` (systemd) and returns once
    /// it runs; `cleanup` removes it.
    func startSystemd(_ container: PreparedContainer) throws
}

extension DockerStyleArguments {
    /// `command` (a detached `run`) with `flags` right after `run`.
    static func inserting(_ flags: [String], afterRun command: [String]) -> [String] {
        guard let index = command.firstIndex(of: "run") else { return command + flags }
        var command = command
        command.insert(contentsOf: flags, at: index + 1)
        return command
    }
}
