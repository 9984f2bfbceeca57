#if canImport(Glibc)
import Glibc
#endif

/// Who owns what a live cbench process made, so `cbench cleanup` (and the leak check of
/// another engineer's tests) leaves it alone: a run, or a user of the shared dockerd, writes
/// `/run/cbench/owners/<pid>-<start time>-<role>-<n>` with its pid, start time, role and the
/// tags that appear in the paths and names it creates (`4321-k2x9ab` in
/// `/tmp/cbench-run-4321-k2x9ab`, `/run/cbench/docker`). The record goes when the owner
/// finishes; a record whose pid is gone or names another process counts for nothing.
///
/// Plain text, not JSON: the core sits below the project's JSON codec (`JSONRecords`), and a
/// record is a line `PID STARTTIME ROLE` and then a tag per line (paths and names hold no
/// newline).
public struct OwnerRecord: Sendable, Equatable {
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

    /// The record as its file holds it.
    public var text: String {
        (["\(pid) \(pidStartTime) \(role)"] + tags).joined(separator: "\n") + "\n"
    }

    /// A record read back; nil for anything else.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first else { return nil }
        let fields = first.split(separator: " ")
        guard fields.count == 3, let pid = Int32(fields[0]), let startTime = UInt64(fields[1]) else { return nil }
        self.init(pid: pid, pidStartTime: startTime, role: String(fields[2]), tags: Array(lines.dropFirst()))
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
        let path = "\(directory)/\(pid)-\(record.pidStartTime)-\(role)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        try FileIO.makeDirectories(directory, mode: 0o755)
        // Replaced atomically: a reader never sees half a record.
        try FileIO.replace(path, Array(record.text.utf8))
        return Registration(record: record, path: path)
    }

    /// The records whose process still runs (same pid, same start time).
    public static func live(root: HostRoot = .system) -> [OwnerRecord] {
        (root.list(directory) ?? []).sorted().compactMap { name -> OwnerRecord? in
            guard !name.hasSuffix(".tmp"), let text = root.read(hostJoin(directory, name)), let record = OwnerRecord(text: text),
                  let now = HostProcessStat.read(pid: record.pid, root: root),
                  now.startTime == record.pidStartTime, now.state != "Z" else { return nil }
            return record
        }
    }
}
