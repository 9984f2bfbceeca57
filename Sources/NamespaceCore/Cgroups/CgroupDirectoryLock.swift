import Synchronization

/// How `CgroupFS.lockDirectory` locks a cgroup directory (flock(2) on it).
public enum CgroupLockMode: Sendable, Equatable {
    /// Held by every user while it puts a process in (waits for an exclusive holder).
    case shared
    /// Held to set a new directory up (waits for the shared holders).
    case exclusive
    /// Taken to remove the directory only when no one holds it: EWOULDBLOCK otherwise.
    case exclusiveIfFree
}

/// A held lock on a cgroup directory, released by `release()` or when dropped.
public final class CgroupDirectoryLock: Sendable {
    private let unlock: Mutex<(@Sendable () -> Void)?>

    /// `unlock` runs once, at the first `release()` or at deinit.
    public init(unlock: @escaping @Sendable () -> Void) {
        self.unlock = Mutex(unlock)
    }

    public func release() {
        let pending = unlock.withLock { held -> (@Sendable () -> Void)? in
            defer { held = nil }
            return held
        }
        pending?()
    }

    deinit { release() }
}
