import AppContainers
import NamespaceCore

/// cbench-app boots systemd with its defaults: `--systemd=true` (podman's meaning and default)
/// detects `/sbin/init` as systemd and runs the container in systemd mode (`AppSystemdPlan`);
/// `cbench app stop` then sends SIGRTMIN+3.
extension AppCLITarget: SystemdBootingTarget {
    public var systemdMeans: String {
        "cbench app run --detach with its defaults, /sbin/init of an image imported from the Debian root:"
            + " --systemd=true (the default, as podman's) detects /sbin/init as systemd and adds a cgroup namespace,"
            + " its own cgroup writable where systemd keeps its units (on a v1 or hybrid host the name=systemd and cgroup2 hierarchies, the controllers' read-only; on v2 its directory),"
            + " tmpfs on \(AppSystemdPlan.tmpfsDirectories.joined(separator: ", ")), \(AppSystemdPlan.containerVariable)"
            + " and \(AppSystemdPlan.stopSignal) as its stop signal; Docker's default capabilities and seccomp profile, no flags added"
    }

    public func startSystemd(_ container: PreparedContainer) throws {
        _ = try startUntilRunning(container)
    }
}
