import Glibc
import NamespaceCore

/// An unprivileged LXC container started by the user itself, set up as LXC's documentation
/// for unprivileged containers has it: its own lxcpath, a config that maps root inside to the
/// user's subordinate ids (`lxc.idmap`, LXC's userns.conf; newuidmap writes the maps), no
/// network (`lxc.net.0.type = empty`, so no lxc-usernet entry is needed) and a directory root
/// owned by the container's root (the user's first subordinate id), as `lxc-create -t download`
/// leaves one unpacked in the user's namespace. No cgroup is delegated to the user: LXC skips
/// the hierarchies it cannot write ("Legacy hierarchy not writable, skipping").
///
/// An overlay root (what this cell used before) fails here for the harness's sake, not LXC's:
/// the container's root cannot make the overlay's work directory in a directory the user owns
/// (`mkdir_p: Permission denied - Failed to create directory "DIR/work"`).
extension LXCTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "lxc-execute -P DIR/lxcpath -f DIR/config as the user: lxc.idmap of its subordinate ids (userns.conf),"
            + " a directory root (a copy of the busybox root owned by the container's root, the user's first subordinate id),"
            + " lxc.net.0.type = empty, no cgroup delegated (LXC skips the hierarchies the user cannot write)"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        guard let range = user.subordinateUIDs else {
            throw CoreError(stage: "rootless lxc", detail: "\(user.name) has no subordinate ids in /etc/subuid; `make setup` adds them")
        }
        let id = "rootless-lxc"
        // The container's root (the user's subordinate uid) must pass through the lxcpath.
        try user.makeDirectory("\(directory)/lxcpath")
        guard chmod("\(directory)/lxcpath", 0o711) == 0 else { throw CoreError.fromErrno("chmod \(directory)/lxcpath") }
        try RootlessUser.shift(rootfs, to: range.first)
        let config = [
            "lxc.include = \(Self.commonConfig)",
            "lxc.include = /usr/share/lxc/config/userns.conf",
            "lxc.uts.name = \(id)",
            "lxc.rootfs.path = dir:\(rootfs)",
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
