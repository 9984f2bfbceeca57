import Glibc
import NamespaceCore

/// A target that can freeze a running container to disk and bring it back (CRIU underneath).
/// The caller prepares with `prepareCheckpointable`, starts with `startCheckpointable`, then
/// `checkpoint` (afterwards the container no longer runs) and `restore` (it runs again, its
/// memory and files as they were); `stop` and `cleanup` end it as for any other container.
public protocol CheckpointingTarget: ContainerTarget {
    /// Whether checkpoints work with this target here, and why not when they do not.
    func checkpointSupport() -> CheckpointSupport
    /// Like `prepare`, adjusted where CRIU needs it (LXC: a plain directory root).
    func prepareCheckpointable(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer
    /// Like `startUntilRunning`, with stdio CRIU can dump (/dev/null or the runtime's pipes).
    func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun
    /// Dumps the running container into `directory` and stops it: one "checkpoint" phase.
    /// Podman and Docker keep their images in their own private storage, removed with the
    /// container; runc and LXC write them to `directory`.
    func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase
    /// Brings the container back from `checkpoint`'s images: one "restore" phase.
    func restore(_ container: PreparedContainer, from directory: String) throws -> Phase
    /// Host pid of the container's init, as it runs now (a restore gives it a new one).
    func initPid(_ container: PreparedContainer) throws -> pid_t
    /// Stops and deletes a restored container, and reaps the helpers the restore left.
    func stopRestored(_ container: PreparedContainer) throws -> ContainerRun
}

extension CheckpointingTarget {
    public func prepareCheckpointable(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        try prepare(workload, id: id)
    }

    public func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun {
        try startUntilRunning(container)
    }

    public func stopRestored(_ container: PreparedContainer) throws -> ContainerRun {
        try stop(container)
    }
}
