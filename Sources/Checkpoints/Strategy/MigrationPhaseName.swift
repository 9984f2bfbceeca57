/// Names of a migration's phases (`Phase`) that more than one module reads.
public enum MigrationPhaseName {
    /// The step before the freeze (the destination's session opened, as `SystemMigrationDestination.connect` does).
    public static let connect = "connect"
    /// The parts of a restore (`SystemRuntime.restore`'s `parts`), after the import of the
    /// stream where one process does both (`importing`, from before the freeze to the archive
    /// all in): the root and cgroup made, CRIU until the tree runs (a lazy-pages daemon
    /// started first), the address announced, the wait until the last lazy page came in.
    public static let importing = "import"
    public static let prepare = "prepare"
    public static let criuRestore = "criu restore"
    public static let announce = "announce"
    public static let lazyPages = "lazy pages"
}
