/// The Linux security modules that confine processes by policy (AppArmor, SELinux, Smack,
/// TOMOYO), as /sys/kernel/security/lsm lists them: what LXC relies on to deny a privileged
/// container's mounts of proc and sysfs. This project loads no profile of its own.
public enum HostSecurityModules {
    static let confining: Set<String> = ["apparmor", "selinux", "smack", "tomoyo"]

    /// The confining modules in `lsmList` (default: this host's).
    public static func active(lsmList: String? = (try? FileIO.read("/sys/kernel/security/lsm"))
        .map { String(decoding: $0, as: UTF8.self) }) -> [String] {
        (lsmList ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" }).map(String.init).filter(confining.contains)
    }
}
