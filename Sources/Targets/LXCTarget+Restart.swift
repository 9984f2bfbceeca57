/// `lxc-execute` of one container twice: its config and root stay in the bundle between runs.
extension LXCTarget: RestartingTarget {
    public var restartMeans: String { "lxc-execute of the same container twice (its config and directory root are kept)" }
}
