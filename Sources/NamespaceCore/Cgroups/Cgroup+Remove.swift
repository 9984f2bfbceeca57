#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Removes the levels this cgroup owns, deepest first in every hierarchy. The kernel
    /// refuses (EBUSY) until the last task has exited, so that is retried briefly. Already
    /// gone is fine; tasks still running after the wait are an error.
    public func remove() throws(CoreError) {
        for level in ownedLevels.sorted(by: { depth($0) > depth($1) }) {
            try removeLevel(level)
        }
    }

    /// Removes the cgroups made inside this one (a distribution init's init.scope,
    /// system.slice/...), deepest first, so that it can go itself. Their processes died with
    /// the container's pid namespace; a busy one is retried briefly, as in `remove()`.
    public func removeNestedGroups() throws(CoreError) {
        for directory in directories {
            var nested: [String] = []
            Self.collect(below: directory.path, fs: fs, into: &nested)
            // Collected parents first, so reversed the children go first.
            for level in nested.reversed() { try removeLevel(level) }
        }
    }

    private func removeLevel(_ level: String) throws(CoreError) {
        for attempt in 0..<Self.waitAttempts {
            do {
                try fs.rmdir(level)
                return
            } catch where error.errno == ENOENT {
                return
            } catch where error.errno == EBUSY && attempt < Self.waitAttempts - 1 {
                usleep(Self.waitPauseMicroseconds)
            } catch {
                throw CoreError(stage: "cgroup remove \(level)", errno: error.errno)
            }
        }
    }

    private func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
