/// A system container halts into its store and boots again from the same root.
extension SystemContainerTarget: RestartingTarget {
    public var restartMeans: String { "cbench system start, attach and stop of one container, twice (its root stays in the store)" }
}
