/// Kernel state under /proc and /sys that a container is better without: it leaks host
/// information or offers a way out (Docker's and podman's masked paths). Masked, a directory
/// gets a read-only bind of an empty directory made in the container's own /dev tmpfs and
/// removed once bound (one each), or, without such a /dev, one empty read-only tmpfs shared by
/// all of them; a file gets /dev/null; a path this kernel lacks is skipped.
/// Masks over proc and sysfs that are locked (`LaunchSpec.lockingStage`) also stop container
/// root from mounting a fresh proc or sysfs in its user namespace.
public enum KernelStatePaths {
    public static let masked: [String] = [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
        "/sys/firmware", "/sys/devices/virtual/powercap",
    ]
}
