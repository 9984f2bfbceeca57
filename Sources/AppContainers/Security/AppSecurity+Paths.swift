import NamespaceCore

extension AppSecurity {
    /// Hidden from the container (a directory gets an empty read-only directory, a file /dev/null):
    /// kernel state that leaks host information or offers a way out.
    public static let maskedPaths: [String] = KernelStatePaths.masked

    /// Visible but read-only: writing here would change the host's kernel, not the container's.
    public static let readonlyPaths: [String] = [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ]
}
