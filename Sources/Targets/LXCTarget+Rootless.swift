import Glibc
import NamespaceCore

/// An unprivileged LXC container started by the user itself: `lxc-execute` with its own
/// lxcpath and a config that maps root inside to the user's subordinate ids (`lxc.idmap`,
/// LXC's userns.conf), an overlay over the busybox root and no network.
extension LXCTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "lxc-execute -P DIR/lxcpath -f DIR/config as the user: lxc.idmap of its subordinate ids (userns.conf), an overlay over the busybox root, lxc.net.0.type = empty"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        guard let range = user.subordinateUIDs else {
            throw CoreError(stage: "rootless lxc", detail: "\(user.name) has no subordinate ids in /etc/subuid; `make setup` adds them")
        }
        let id = "rootless-lxc"
        // The container's root (the user's subordinate uid) must pass through the lxcpath.
        try user.makeDirectory("\(directory)/lxcpath")
        guard chmod("\(directory)/lxcpath", 0o711) == 0 else { throw CoreError.fromErrno("chmod \(directory)/lxcpath") }
        let delta = "\(directory)/delta"
        try FileIO.makeDirectories(delta, mode: 0o755)
        guard chown(delta, range.first, range.first) == 0 else { throw CoreError.fromErrno("chown \(delta)") }
        let config = [
            "lxc.include = \(Self.commonConfig)",
            "lxc.include = /usr/share/lxc/config/userns.conf",
            "lxc.uts.name = \(id)",
            "lxc.rootfs.path = overlay:\(rootfs):\(delta)",
            "lxc.net.0.type = empty",
            "lxc.idmap = u 0 \(range.first) \(range.count)",
            "lxc.idmap = g 0 \(range.first) \(range.count)",
            "lxc.tty.max = 0",
            "lxc.console.path = none",
            "lxc.mount.auto = proc:mixed sys:ro",
            "lxc.log.file = \(directory)/lxc.log",
            "lxc.log.level = WARN",
        ].joined(separator: "\n") + "\n"
        try FileIO.write("\(directory)/config", Array(config.utf8))
        let run = try user.run([tool("lxc-execute"), "-n", id, "-P", "\(directory)/lxcpath", "-f", "\(directory)/config", "--"] + command,
                               in: directory)
        let log = FileIO.contents("\(directory)/lxc.log").split(separator: "\n").suffix(6).joined(separator: "\n")
        return [log.isEmpty ? run : RootlessStep(command: run.command, status: run.status, output: run.output + "\nlxc.log:\n" + log)]
    }
}
