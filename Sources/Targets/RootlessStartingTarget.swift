/// A target a non-root user may start containers with: what "unprivileged: rootless start"
/// measures. As the dedicated user (`RootlessUser`), in a directory it owns, the target's own
/// commands start a container of the busybox root running a command to its end.
public protocol RootlessStartingTarget: ContainerTarget {
    /// The commands the user runs and the options they need, for the evidence.
    var rootlessMeans: String { get }
    /// The steps it ran as `user` in `directory`, the last being the container's run (its
    /// status and output say whether the start worked). Throws only when it could not try at
    /// all (a prerequisite this host lacks), with the reason.
    func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep]
}
