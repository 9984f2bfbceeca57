import NamespaceCore

extension AppRuntime {
    /// For drivers that supervise in their own process (the `cbench-app` benchmark target):
    /// starts container `reference` with `stdio`; call `waitAndFinish` (or `stop`/`remove`
    /// and reap the pid) afterwards.
    public func launchSupervised(_ reference: String, stdio: AppContainerStdio) throws -> LiveAppContainer {
        let record = try store.loadRecord(of: try store.resolve(reference))
        return try launch(record, stdio: stdio)
    }

    /// Waits for a container `launchSupervised` started and records its end (cgroup, run
    /// state and, with `--rm`, the container removed).
    public func waitAndFinish(_ live: LiveAppContainer) throws -> ExitStatus {
        let status = try live.process.wait()
        finish(live, status: status)
        return status
    }
}

