#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// The v1 hierarchy where a container may share its cpuset cgroup: one holding cpuset
    /// alone (sharing a co-mounted one would share the other controllers too).
    static func sharableCpusetHierarchy(_ hierarchy: CgroupHierarchy, host: CgroupHost) -> Bool {
        host.mode != .v2 && hierarchy.version == .v1 && hierarchy.controllers == ["cpuset"]
    }

    /// Whether a container with `resources` goes in the shared cpuset group: it asks for no
    /// cpus or mems of its own.
    static func sharesCpuset(_ resources: CgroupResources) -> Bool {
        resources.cpusetCpus == nil && resources.cpusetMems == nil
    }

    /// Makes `shared` in `hierarchy` if it is missing (with the balancing flag off first, cpus
    /// and mems copied from the root once, under an exclusive lock so no one joins it half
    /// set up) and returns it with a shared lock held. A group removed as unused meanwhile is
    /// made again.
    static func joinShared(_ shared: SharedCpuset, in hierarchy: CgroupHierarchy,
                           fs: any CgroupFS) throws(CoreError) -> (CgroupDirectory, CgroupDirectoryLock) {
        let directory = CgroupPaths.absolute(shared.path, under: hierarchy.mountPoint)
        for _ in 0..<joinAttempts {
            do { try fs.mkdir(directory) } catch where error.errno == EEXIST {
            } catch {
                throw CoreError(stage: "cgroup create \(directory)", errno: error.errno)
            }
            if let lock = try lockIfSetUp(directory, fs: fs) {
                return (CgroupDirectory(hierarchy: hierarchy, path: directory), lock)
            }
            try setUpShared(directory, fs: fs)
        }
        throw CoreError(stage: "cgroup join \(directory)", errno: EAGAIN, detail: "removed or never set up in \(joinAttempts) attempts")
    }

    static let joinAttempts = 100

    /// A shared lock on `directory` when it exists and has its mems (copied last); nil otherwise.
    private static func lockIfSetUp(_ directory: String, fs: any CgroupFS) throws(CoreError) -> CgroupDirectoryLock? {
        let lock: CgroupDirectoryLock
        do { lock = try fs.lockDirectory(directory, mode: .shared) } catch where error.errno == ENOENT || error.errno == EWOULDBLOCK {
            return nil
        } catch {
            throw CoreError(stage: "cgroup lock \(directory)", errno: error.errno)
        }
        let mems = (try? fs.read(directory + "/cpuset.mems"))?.trimmingWhitespace() ?? ""
        if !mems.isEmpty { return lock }
        lock.release()
        return nil
    }

    /// Copies cpus and mems into a new shared group, under the exclusive lock (it waits for
    /// a joiner that found it half set up). Gone meanwhile: the next attempt makes it again.
    /// A failed copy removes it (it holds no task yet).
    private static func setUpShared(_ directory: String, fs: any CgroupFS) throws(CoreError) {
        let setup: CgroupDirectoryLock
        do { setup = try fs.lockDirectory(directory, mode: .exclusive) } catch where error.errno == ENOENT || error.errno == EWOULDBLOCK {
            usleep(1_000)
            return
        } catch {
            throw CoreError(stage: "cgroup lock \(directory)", errno: error.errno)
        }
        defer { setup.release() }
        do { try CgroupV1.inheritCpuset(levels: [directory], fs: fs) } catch {
            try? fs.rmdir(directory)
            throw error
        }
    }

    /// Once this cgroup is removed: its join lock released, and the shared cpuset groups that
    /// no one uses removed (found by name: a stopped container's `open` knows none).
    public func leaveSharedGroups() {
        releaseJoinLock()
        Self.removeUnusedSharedCpusets(host: host)
    }

    /// Removes every shared cpuset group (`SharedCpuset`) at the cpuset hierarchy's root that
    /// no one is joining and the kernel finds empty (EBUSY otherwise: left in place). Whoever
    /// removes a container calls this once its own cgroup is gone.
    public static func removeUnusedSharedCpusets(host: CgroupHost) {
        guard host.mode != .v2 else { return }
        for hierarchy in host.layout.v1Hierarchies where sharableCpusetHierarchy(hierarchy, host: host) {
            for name in (try? host.fs.listDirectories(hierarchy.mountPoint)) ?? [] where SharedCpuset.isShared(name) {
                let directory = CgroupPaths.absolute(name, under: hierarchy.mountPoint)
                guard let lock = try? host.fs.lockDirectory(directory, mode: .exclusiveIfFree) else { continue }
                try? host.fs.rmdir(directory)
                lock.release()
            }
        }
    }

    /// The shared cpuset group the container's tasks are in, when it has no cpuset cgroup of
    /// its own: read from /proc/PID/cpuset of its first task (none when it runs no task).
    static func sharedCpusetOfTasks(own directories: [CgroupDirectory], host: CgroupHost) -> [CgroupDirectory] {
        guard let hierarchy = host.layout.v1Hierarchies.first(where: { sharableCpusetHierarchy($0, host: host) }),
              !directories.contains(where: { $0.hierarchy == hierarchy }),
              let first = directories.first,
              let procs = try? host.fs.read(first.file("cgroup.procs")),
              let pid = procs.split(separator: "\n").first.flatMap({ Int32(String($0).trimmingWhitespace()) }),
              let cpuset = try? host.fs.read("/proc/\(pid)/cpuset") else { return [] }
        let name = String(cpuset.trimmingWhitespace().drop { $0 == "/" })
        let directory = CgroupPaths.absolute(name, under: hierarchy.mountPoint)
        guard SharedCpuset.isShared(name), host.fs.exists(directory) else { return [] }
        return [CgroupDirectory(hierarchy: hierarchy, path: directory)]
    }

    /// `directory`'s path below its hierarchy's root, e.g. `cbench-app-ID`.
    public func relativePath(of directory: CgroupDirectory) -> String {
        let root = directory.hierarchy.mountPoint.split(separator: "/")
        return directory.path.split(separator: "/").dropFirst(root.count).joined(separator: "/")
    }

    /// This cgroup with a cpuset cgroup of its own, for an update that sets cpus or mems of a
    /// container in the shared group: made with the cpus and mems of its parent, and each of
    /// the container's processes moved in. Itself when there is nothing to do.
    func withOwnCpuset(for resources: CgroupResources) throws(CoreError) -> Cgroup {
        guard !Self.sharesCpuset(resources), let shared = sharedDirectories.first else { return self }
        let levels = try CgroupPaths.levels(of: path, under: shared.hierarchy.mountPoint)
        var created: [String] = []
        do throws(CoreError) {
            try Self.makeLevels(levels, fs: fs, recordingIn: &created)
            try CgroupV1.inheritCpuset(levels: levels, fs: fs)
            let own = CgroupDirectory(hierarchy: shared.hierarchy, path: levels[levels.count - 1])
            for pid in try pids() {
                do { try fs.write(own.file("cgroup.procs"), String(pid)) } catch where error.errno == ESRCH {
                } catch {
                    throw CoreError(stage: "cgroup write cgroup.procs", errno: error.errno, detail: "pid \(pid) to \(own.path)")
                }
            }
            return Cgroup(path: path, host: host, directories: directories + [own], ownedLevels: ownedLevels + created,
                          unsupportedOnThisMode: unsupportedOnThisMode)
        } catch {
            for level in created.reversed() { try? fs.rmdir(level) }
            throw error
        }
    }
}
