import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who owns what a live cbench process made, so `cbench cleanup` (and the leak check of
/// another engineer's tests) leaves it alone: a run, or a user of the shared dockerd, writes
/// `/run/cbench/owners/<pid>-<start time>.json` with its pid, start time, role and the tags
/// that appear in the paths and names it creates (`4321-k2x9ab` in
/// `/tmp/cbench-run-4321-k2x9ab`, `/run/cbench/docker`). The record goes when the owner
/// finishes; a record whose pid is gone or names another process counts for nothing.
public struct OwnerRecord: Codable, Sendable, Equatable {
    public var pid: Int32
    public var pidStartTime: UInt64
    /// `run` for a `cbench run`, `docker` for a user of the shared dockerd.
    public var role: String
    public var tags: [String]

    public init(pid: Int32, pidStartTime: UInt64, role: String, tags: [String]) {
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.role = role
        self.tags = tags
    }

    /// Whether a path or name holds one of the tags.
    public func owns(_ text: String) -> Bool {
        tags.contains { !$0.isEmpty && text.contains($0) }
    }
}

public enum LiveOwners {
    public static let directory = "\(ProjectDirectories.runtime)/owners"

    /// A registration held by this process; `release()` removes its record.
    public final class Registration: Sendable {
        public let record: OwnerRecord
        let path: String

        init(record: OwnerRecord, path: String) {
            self.record = record
            self.path = path
        }

        public func release() {
            unlink(path)
            ProjectDirectories.removeIfEmpty([LiveOwners.directory, ProjectDirectories.runtime])
        }
    }

    /// Records this process as the owner of what carries `tags`.
    public static func register(role: String, tags: [String]) throws -> Registration {
        let pid = getpid()
        let record = OwnerRecord(pid: pid, pidStartTime: ProcessLiveness.startTime(of: pid) ?? 0, role: role, tags: tags)
        // Unique per registration: one process may hold several (two targets sharing a daemon).
        let path = "\(directory)/\(pid)-\(record.pidStartTime)-\(role)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36)).json"
        let data: Data
        do {
            data = try JSONEncoder().encode(record)
        } catch {
            throw CoreError(stage: "encode owner record", detail: String(describing: error))
        }
        try FileIO.makeDirectories(directory, mode: 0o755)
        try FileIO.write(path, Array(data))
        return Registration(record: record, path: path)
    }

    /// The records whose process still runs (same pid, same start time).
    public static func live(root: HostRoot = .system) -> [OwnerRecord] {
        (root.list(directory) ?? []).sorted().compactMap { name -> OwnerRecord? in
            guard name.hasSuffix(".json"), let text = root.read(hostJoin(directory, name)),
                  let record = try? JSONDecoder().decode(OwnerRecord.self, from: Data(text.utf8)),
                  let now = HostProcessStat.read(pid: record.pid, root: root),
                  now.startTime == record.pidStartTime, now.state != "Z" else { return nil }
            return record
        }
    }
}
