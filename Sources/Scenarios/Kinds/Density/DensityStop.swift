import Glibc

/// Why a ramp ended, with the limit behind it named by its sysctl or rlimit and value.
public struct DensityStop: Sendable, Equatable {
    public enum Cause: String, Sendable, Equatable {
        /// The count the scenario asked for.
        case reachedCount = "count"
        case timeBudget = "time budget"
        case memoryFloor = "MemAvailable floor"
        /// A start failed; `limit` names what the failure points at, when anything does.
        case failure
        case interrupted
    }

    public var cause: Cause
    /// `kernel.pid_max=32768`, `time budget 300 s`...; nil for a failure no limit explains.
    public var limit: String?
    /// The failure or the reading behind it, in a line.
    public var detail: String

    public init(cause: Cause, limit: String? = nil, detail: String) {
        self.cause = cause
        self.limit = limit
        self.detail = detail
    }

    /// One line for the table and the note: the limit first, then what was seen.
    public var summary: String {
        switch cause {
        case .reachedCount: return "reached the count asked for (\(detail))"
        case .failure: return (limit.map { "\($0): " } ?? "first failure: ") + detail
        default: return (limit ?? cause.rawValue) + (detail.isEmpty ? "" : " (\(detail))")
        }
    }
}

/// Names the limit a failed start ran into, from its errno (a `CoreError`'s, or the words a
/// runtime printed) and the host at that moment.
public enum DensityLimitNaming {
    /// `errno` when the error carried one; `message` is its text (a runtime's stderr line);
    /// `tasks` the threads that exist now (pid_max counts them); `inotifyInstances` those this
    /// user holds now, for a failure that names no errno (an init that exits when its
    /// inotify_init1 fails says only that it exited).
    public static func stop(errno known: Int32?, message: String, tasks: Int, limits: [HostLimit],
                            inotifyInstances: Int? = nil) -> DensityStop {
        let code = known ?? errnoNamed(in: message)
        func limit(_ name: String) -> HostLimit? { limits.first { $0.name == name } }
        func named(_ name: String, because cause: String) -> DensityStop {
            DensityStop(cause: .failure, limit: limit(name)?.setting ?? name, detail: "\(cause): \(message)")
        }
        let lower = message.lowercased()
        switch code {
        case ENOMEM?:
            return DensityStop(cause: .failure, limit: "ENOMEM", detail: message)
        case EAGAIN?:
            if let pidMax = limit("kernel.pid_max")?.number, tasks >= pidMax - 64 {
                return named("kernel.pid_max", because: "EAGAIN with \(tasks) tasks")
            }
            if let threadsMax = limit("kernel.threads-max")?.number, tasks >= threadsMax - 64 {
                return named("kernel.threads-max", because: "EAGAIN with \(tasks) tasks")
            }
            if let nproc = limit("nproc")?.number, tasks >= nproc - 64 {
                return named("nproc", because: "EAGAIN with \(tasks) tasks (RLIMIT_NPROC)")
            }
            return DensityStop(cause: .failure, limit: "EAGAIN from the pids cgroup (pids.max)" + (limit("pids.max").map { ", runner's \($0.setting)" } ?? ""),
                               detail: message)
        case EDQUOT?:
            return named(getuid() == 0 ? "kernel.keys.root_maxkeys" : "kernel.keys.maxkeys", because: "EDQUOT from the key quota")
        case EMFILE?:
            if lower.contains("inotify") { return named("fs.inotify.max_user_instances", because: "EMFILE from inotify_init") }
            return named("nofile", because: "EMFILE (RLIMIT_NOFILE)")
        case ENFILE?:
            return named("fs.file-max", because: "ENFILE")
        case ENOSPC?:
            if lower.contains("inotify") || lower.contains("watch") { return named("fs.inotify.max_user_watches", because: "ENOSPC from inotify") }
            if let kind = namespaceKind(in: lower) { return named("user.max_\(kind)_namespaces", because: "ENOSPC creating a namespace") }
            if lower.contains("mount") { return named("fs.mount-max", because: "ENOSPC from mount") }
            return DensityStop(cause: .failure, limit: "ENOSPC", detail: message)
        default:
            // The failed container's own instances went with it: near the limit is at it.
            if let instances = inotifyInstances, let maximum = limit("fs.inotify.max_user_instances")?.number,
               instances + inotifySlack >= maximum {
                return named("fs.inotify.max_user_instances", because: "\(instances) inotify instances in use at the failure")
            }
            return DensityStop(cause: .failure, detail: message)
        }
    }

    /// How far below fs.inotify.max_user_instances a failure still counts as meeting it: what
    /// one systemd holds, released when the failed container ended.
    static let inotifySlack = 8

    /// The errno a runtime's message names, by symbol (`EAGAIN`) or by strerror's words.
    static func errnoNamed(in message: String) -> Int32? {
        let lower = message.lowercased()
        let known: [(Int32, String, String)] = [
            (EAGAIN, "EAGAIN", "resource temporarily unavailable"), (ENOMEM, "ENOMEM", "cannot allocate memory"),
            (EMFILE, "EMFILE", "too many open files"), (ENFILE, "ENFILE", "too many open files in system"),
            (ENOSPC, "ENOSPC", "no space left on device"), (EDQUOT, "EDQUOT", "disk quota exceeded"),
        ]
        // ENFILE's words contain EMFILE's: the longer phrase wins.
        for (code, symbol, words) in known.sorted(by: { $0.2.count > $1.2.count }) where message.contains(symbol) || lower.contains(words) {
            return code
        }
        return nil
    }

    static func namespaceKind(in lower: String) -> String? {
        for (word, kind) in [("net", "net"), ("mnt", "mnt"), ("mount namespace", "mnt"), ("pid", "pid"), ("ipc", "ipc"), ("uts", "uts"),
                             ("cgroup", "cgroup"), ("user namespace", "user"), ("time", "time")]
        where lower.contains("namespace") && lower.contains(word) {
            return kind
        }
        return nil
    }
}
