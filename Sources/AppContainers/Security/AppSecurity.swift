import NamespaceCore

/// Docker's security defaults for application containers, as plain data the lifecycle puts
/// into a `LaunchSpec` and a `Cgroup`. Use `AppSecurityOptions` (the `--cap-add`,
/// `--cap-drop`, `--security-opt`, `--read-only` flags) rather than these tables directly:
///
/// 1. `let options = try AppSecurityOptions(capAdd:capDrop:seccomp:...)` when parsing flags
///    (bad names fail here, before anything is made);
/// 2. `CgroupResources(devices: options.cgroupDeviceRules)` when creating the cgroup, and on
///    cgroup v2 `CgroupDeviceProgram.attach(rules:toCgroupDirectory:)` once it exists;
/// 3. `try options.apply(to: &spec)` after the lifecycle set args, rootfs and namespaces,
///    then `spec.expandingCgroupMounts(for: cgroup)` for the read-only /sys/fs/cgroup mount.
public enum AppSecurity {}
