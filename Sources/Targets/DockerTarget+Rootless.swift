import Glibc
import NamespaceCore

/// Rootless Docker is a dockerd of the user's own, started by `dockerd-rootless.sh` through
/// rootlesskit; the dockerd cbench drives runs as root. Without rootlesskit on this host the
/// start cannot be tried, and the cell says so (failed to measure, not "not supported").
extension DockerTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "a rootless dockerd of the user's own (dockerd-rootless.sh through rootlesskit), then docker run"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        guard ExecutablePath.find("rootlesskit") != nil else {
            throw CoreError(stage: "rootless docker", errno: ENOENT,
                            detail: "dockerd-rootless.sh needs rootlesskit, which this host lacks (Debian package rootlesskit); cbench's dockerd runs as root")
        }
        throw CoreError(stage: "rootless docker", detail: "cbench starts no rootless dockerd (dockerd-rootless.sh as \(user.name)); only its root dockerd is driven")
    }
}
