/// Kernel state under /proc and /sys that a container is better without: it leaks host
/// information or offers a way out (Docker's and podman's masked paths). Masked, a directory
/// gets an empty read-only directory (one for all of a container's masked directories: made in
/// the container's own /dev tmpfs and removed once bound, or a tmpfs where there is none) and a
/// file /dev/null; a path this kernel lacks is skipped.
/// Masks over proc and sysfs that are locked (`LaunchSpec.lockingStage`) also stop container
/// root from mounting a fresh proc or sysfs in its user namespace.
public enum KernelStatePaths {
    public static let masked: [String] = [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
        "/sys/firmware", "/sys/devices/virtual/powercap",
    ]
}
