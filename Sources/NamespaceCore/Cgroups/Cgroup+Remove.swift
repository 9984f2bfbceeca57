#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Removes the levels this cgroup owns, deepest first in every hierarchy. The kernel
    /// refuses (EBUSY) until the last task has exited, so that is retried briefly; a container's
    /// own directory that is busy with cgroups its init made inside (systemd's init.scope,
    /// system.slice/...) loses those first, as runc does, so no caller has to know which inits
    /// make them. Parent levels never lose another container's. Already gone is fine; tasks
    /// still running after the wait are an error.
    public func remove() throws(CoreError) {
        let own = Set(directories.map(\.path))
        for level in ownedLevels.sorted(by: { depth($0) > depth($1) }) {
            try removeLevel(level, nested: own.contains(level))
        }
    }

    /// Removes the cgroups made inside this one (a distribution init's init.scope,
    /// system.slice/...), deepest first, so that it can go itself. Their processes died with
    /// the container's pid namespace; a busy one is retried briefly, as in `remove()`.
    public func removeNestedGroups() throws(CoreError) {
        for directory in directories { _ = try removeGroups(below: directory.path) }
    }

    /// Removes the cgroups below `level`, deepest first; whether there were any.
    private func removeGroups(below level: String) throws(CoreError) -> Bool {
        var nested: [String] = []
        Self.collect(below: level, fs: fs, into: &nested)
        // Collected parents first, so reversed the children go first.
        for child in nested.reversed() { try removeLevel(child, nested: false) }
        return !nested.isEmpty
    }

    /// `nested`: on EBUSY, the cgroups below go first (only listed when the kernel refuses, so
    /// the usual removal reads no directory).
    private func removeLevel(_ level: String, nested: Bool) throws(CoreError) {
        for attempt in 0..<Self.waitAttempts {
            do {
                try fs.rmdir(level)
                return
            } catch where error.errno == ENOENT {
                return
            } catch where error.errno == EBUSY && attempt < Self.waitAttempts - 1 {
                if nested, try removeGroups(below: level) { continue }
                usleep(Self.waitPauseMicroseconds)
            } catch {
                throw CoreError(stage: "cgroup remove \(level)", errno: error.errno)
            }
        }
    }

    private func depth(_ path: String) -> Int { path.split(separator: "/").count }
}
