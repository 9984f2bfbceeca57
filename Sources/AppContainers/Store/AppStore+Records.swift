import JSONRecords
import NamespaceCore

extension AppStore {
    public func loadRecord(of id: String) throws(CoreError) -> AppContainerRecord {
        try JSONRecord.read(AppContainerRecord.self, from: recordPath(of: id))
    }

    /// A `--rm` container's records are written without fsync: they are removed when it
    /// exits, and `cleanup` removes what a crash leaves, readable or not.
    func saveRecord(_ record: AppContainerRecord) throws(CoreError) {
        try JSONRecord.write(record, to: recordPath(of: record.id), durable: !record.config.autoRemove)
    }

    /// The persistent state; a container whose live part is gone without a word (a crash)
    /// reads as exited.
    public func loadState(of id: String) -> AppContainerState {
        let saved = savedState(of: id) ?? AppContainerState(status: .created)
        guard saved.status == .running, loadRunState(of: id)?.isAlive != true else { return saved }
        return AppContainerState(status: .exited, exitCode: saved.exitCode, startedAt: saved.startedAt, finishedAt: saved.finishedAt)
    }

    /// The state as last saved, without the crash check.
    func savedState(of id: String) -> AppContainerState? {
        try? JSONRecord.read(AppContainerState.self, from: statePath(of: id))
    }

    func saveState(_ state: AppContainerState, of id: String, durable: Bool = true) throws(CoreError) {
        try JSONRecord.write(state, to: statePath(of: id), durable: durable)
    }

    public func loadRunState(of id: String) -> AppRunState? {
        try? JSONRecord.read(AppRunState.self, from: runStatePath(of: id))
    }

    /// The run state lives under /run, which no boot keeps: never synced.
    func saveRunState(_ state: AppRunState, of id: String) throws(CoreError) {
        try JSONRecord.write(state, to: runStatePath(of: id), mode: 0o600, durable: false)
    }
}
