/// A target that runs whole system containers, as a user of LXC does: the distribution's
/// init booted until RUNNING, a command run inside through attach, then a clean halt. The
/// `boot-run-halt` workload mode needs it, so cbench-system and LXC are measured alike.
public protocol SystemStyleTarget: ContainerTarget {
    /// Boots the root's `/sbin/init` until RUNNING, runs the workload's command attached
    /// until it exits, halts the container cleanly: phases `boot`, `command`, `halt`, and
    /// the command's exit status and output.
    func bootRunHalt(_ container: PreparedContainer) throws -> ContainerRun
}
