#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppStore {
    public func loadRecord(of id: String) throws(CoreError) -> AppContainerRecord {
        try Self.decode(AppContainerRecord.self, path: recordPath(of: id))
    }

    func saveRecord(_ record: AppContainerRecord) throws(CoreError) {
        try FileIO.write(recordPath(of: record.id), try Self.encode(record))
    }

    /// The persistent state; a container whose live part is gone without a word (a crash)
    /// reads as exited.
    public func loadState(of id: String) -> AppContainerState {
        let saved = (try? Self.decode(AppContainerState.self, path: statePath(of: id))) ?? AppContainerState(status: .created)
        guard saved.status == .running, loadRunState(of: id)?.isAlive != true else { return saved }
        return AppContainerState(status: .exited, exitCode: saved.exitCode, startedAt: saved.startedAt, finishedAt: saved.finishedAt)
    }

    func saveState(_ state: AppContainerState, of id: String) throws(CoreError) {
        try FileIO.replace(statePath(of: id), try Self.encode(state), mode: 0o644)
    }

    public func loadRunState(of id: String) -> AppRunState? {
        try? Self.decode(AppRunState.self, path: runStatePath(of: id))
    }

    func saveRunState(_ state: AppRunState, of id: String) throws(CoreError) {
        try FileIO.replace(runStatePath(of: id), try Self.encode(state))
    }

    static func encode<T: Encodable>(_ value: T) throws(CoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return Array(try encoder.encode(value)) } catch {
            throw CoreError(stage: "encode \(T.self)", detail: "\(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, path: String) throws(CoreError) -> T {
        let bytes = try FileIO.read(path)
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw CoreError(stage: "read \(path)", detail: "corrupt: \(error)")
        }
    }
}

/// UTC timestamps as RFC 3339 text with nanoseconds, from clock_gettime (no Foundation dates).
public enum AppTimestamp {
    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let nanos = String(spec.tv_nsec)
        let fraction = String(repeating: "0", count: max(0, 9 - nanos.count)) + nanos
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }
}
