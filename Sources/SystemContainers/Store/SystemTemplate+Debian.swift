#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemTemplate {
    /// LXC's security defaults as for busybox, plus what a distribution init needs in a
    /// container: /run and /run/lock as tmpfs, its halt signal, no ttys to spawn gettys on.
    static func debianConfig(name: String, rootfs: String, release: DebianRelease) -> String {
        let text = configText(heading: "template debian \(release.rawValue) (\(release.initSystem.rawValue))", name: name, rootfs: rootfs,
                              initCommand: "/sbin/init", haltSignal: release.haltSignal,
                              extraMounts: ["tmpfs run tmpfs rw,nosuid,nodev,mode=755,create=dir 0 0",
                                            "tmpfs run/lock tmpfs rw,nosuid,nodev,noexec,size=5120k,create=dir 0 0"])
        return release.initSystem == .systemd ? text + systemdNesting : text
    }

    /// systemd 252 (bookworm) mounts a fresh proc for every unit with ProtectControlGroups=
    /// (mariadb, logind, networkd...) and fails it with 226/NAMESPACE when the kernel refuses
    /// (seen here: "Failed to set up mount namespacing: /run/systemd/unit-root/proc: Operation
    /// not permitted"); later systemd falls back to the container's /proc. So its containers
    /// allow nesting, as LXD asks security.nesting of such guests.
    static let systemdNesting = """
        # systemd 252 mounts a fresh proc for units with ProtectControlGroups= and cannot do without
        # it: allowed here, so root inside may mount proc and sysfs (the masks are not locked).
        lxc.apparmor.allow_nesting = 1

        """

    /// The hostname, and the readiness marker written once boot has finished: for sysvinit an
    /// inittab `wait` entry after runlevel 2's scripts (gettys go: there are no ttys, and
    /// SIGPWR halts as LXC's debian template arranges); for systemd a oneshot unit ordered
    /// after multi-user.target.
    static func customizeDebian(rootfs: String, into destination: String, name: String, release: DebianRelease) throws(CoreError) {
        try FileIO.makeDirectories(destination + "/etc/systemd/system")
        try writeHostname(name, rootfs: destination)
        switch release.initSystem {
        case .sysvinit:
            let text = String(decoding: try FileIO.read(rootfs + "/etc/inittab"), as: UTF8.self)
            try FileIO.write(destination + "/etc/inittab", Array(sysvinitInittab(text).utf8))
        case .systemd:
            let unit = """
                [Unit]
                Description=cbench readiness marker: boot has finished
                After=multi-user.target

                [Service]
                Type=oneshot
                ExecStart=/bin/touch \(busyboxReadinessMarker)

                [Install]
                WantedBy=multi-user.target

                """
            try FileIO.write(destination + "/etc/systemd/system/cbench-booted.service", Array(unit.utf8))
            let wants = destination + "/etc/systemd/system/multi-user.target.wants"
            try FileIO.makeDirectories(wants)
            let link = wants + "/cbench-booted.service"
            unlink(link)
            guard symlink("/etc/systemd/system/cbench-booted.service", link) == 0 else { throw CoreError.fromErrno("symlink \(link)") }
        }
    }

    static func sysvinitInittab(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Gettys on tty1-6 would respawn forever without the devices.
        lines = lines.map { line in
            let isGetty = line.contains("getty") && !line.hasPrefix("#")
            return isGetty ? "#" + line : line
        }
        lines.removeAll { $0.hasPrefix("pf::") || $0.hasPrefix("cb:") }
        while lines.last == "" { lines.removeLast() }
        lines.append("pf::powerwait:/sbin/init 0")
        lines.append("cb:2345:wait:/bin/touch \(busyboxReadinessMarker)")
        return lines.joined(separator: "\n") + "\n"
    }
}
