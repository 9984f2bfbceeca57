import NamespaceCore

/// `--init`: the container runs `cbench-init` as PID 1, which starts the real command,
/// forwards signals to it and reaps zombies (as tini does for `docker run --init`).
public enum AppInit {
    /// Binds `binary` (from `InitLocator.find()`) read-only at /sbin/cbench-init and puts it in
    /// front of the args. Call after `AppSecurityOptions.apply`, so the bind follows /dev.
    public static func apply(to spec: inout LaunchSpec, binary: String) {
        spec.mounts.append(AppSecurity.initMount(hostPath: binary))
        spec.args = [AppSecurity.initPathInContainer, "--"] + spec.args
    }
}
