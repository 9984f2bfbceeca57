#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Where application containers live. Persistent: `ROOT/containers/ID/` holding
/// container.json, state.json, upper/ and work/ (the overlay's writable half), hostname,
/// hosts, resolv.conf and log; `ROOT/names/NAME` is a symlink to the ID, so a name is taken
/// by one symlink(2). Live: `RUN/ID/state.json` (pids, cgroup) while the container runs.
/// `CBENCH_APP_ROOT` and `CBENCH_APP_RUN` move both (tests use private ones).
public struct AppStore: Sendable {
    public let root: String
    public let runRoot: String

    public init(root: String = AppDirectories.persistent, runRoot: String = AppDirectories.runtime) {
        self.root = root.droppingTrailingSlashes()
        self.runRoot = runRoot.droppingTrailingSlashes()
    }

    /// The store the environment names (`CBENCH_APP_ROOT`, `CBENCH_APP_RUN`), else the default.
    public static func fromEnvironment() -> AppStore {
        func value(_ key: String) -> String? {
            guard let raw = getenv(key) else { return nil }
            let text = String(cString: raw)
            return text.isEmpty ? nil : text
        }
        return AppStore(root: value("CBENCH_APP_ROOT") ?? AppDirectories.persistent,
                        runRoot: value("CBENCH_APP_RUN") ?? AppDirectories.runtime)
    }

    public var containersDirectory: String { "\(root)/containers" }
    public var namesDirectory: String { "\(root)/names" }
    var lockPath: String { "\(root)/containers.lock" }

    public func directory(of id: String) -> String { "\(containersDirectory)/\(id)" }
    public func recordPath(of id: String) -> String { "\(directory(of: id))/container.json" }
    public func statePath(of id: String) -> String { "\(directory(of: id))/state.json" }
    public func upperDirectory(of id: String) -> String { "\(directory(of: id))/upper" }
    public func workDirectory(of id: String) -> String { "\(directory(of: id))/work" }
    public func logPath(of id: String) -> String { "\(directory(of: id))/log" }
    public func hostsPath(of id: String) -> String { "\(directory(of: id))/hosts" }
    public func hostnamePath(of id: String) -> String { "\(directory(of: id))/hostname" }
    public func resolvConfPath(of id: String) -> String { "\(directory(of: id))/resolv.conf" }
    public func runDirectory(of id: String) -> String { "\(runRoot)/\(id)" }
    public func runStatePath(of id: String) -> String { "\(runDirectory(of: id))/state.json" }
    /// Where a user-namespaced container's overlay is mounted (inside its mount namespace).
    public func rootfsMountpoint(of id: String) -> String { "\(runDirectory(of: id))/rootfs" }
    /// The cgroup at every hierarchy root: `cbench-app-` and 12 hex digits of the ID. At the
    /// root, not below the shared `cbench` parent: a lone `run --rm` would otherwise make that
    /// parent and remove it again in every hierarchy, 8 of its 16 cgroup mkdirs and rmdirs.
    public func cgroupPath(of id: String) -> String { "\(CgroupPaths.topLevelPrefix)app-\(id.prefix(12))" }

    /// mkdir -p of the store's own directories (0711).
    func makeStoreDirectories() throws(CoreError) {
        for directory in [ProjectDirectories.persistent, root, containersDirectory, namesDirectory] {
            try FileIO.makeDirectories(directory)
        }
    }

    /// The container's run directory, made new: EEXIST means it is being started already.
    /// The parents may vanish under a concurrent clean-up of empty run directories: made again.
    func makeRunDirectory(of id: String) throws(CoreError) {
        for attempt in 1...3 {
            try FileIO.makeDirectories(runRoot)
            if mkdir(runDirectory(of: id), 0o711) == 0 { return }
            if errno != ENOENT || attempt == 3 { break }
        }
        throw CoreError(stage: "mkdir \(runDirectory(of: id))", errno: errno, detail: errno == EEXIST ? "started twice at once?" : nil)
    }

}
