import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An in-memory cgroup tree for unit tests. It records every change in order, creates the
/// control files a kernel would on mkdir (from per-hierarchy templates), refuses to write
/// files that do not exist (as cgroupfs does) and can be told to fail chosen operations.
public final class FakeCgroupFS: CgroupFS {
    public enum Operation: Sendable, Equatable {
        case mkdir(String)
        case rmdir(String)
        case write(String, String)
        /// A device program of this many rules attached to the directory.
        case attachDeviceProgram(String, rules: Int)
    }

    /// Called after each successful write with the path and value; returns files to set
    /// (path -> contents), e.g. `cgroup.events` after `cgroup.freeze`.
    public typealias WriteReaction = @Sendable (_ path: String, _ value: String) -> [String: String]

    struct State {
        var files: [String: String] = [:]
        var directories: Set<String> = []
        var operations: [Operation] = []
        /// Mount point -> control files (name -> initial contents) made by mkdir below it.
        var templates: [String: [String: String]] = [:]
        var writeFailures: [String: Int32] = [:]
        var mkdirFailures: [String: Int32] = [:]
        /// Path -> how many more rmdir calls fail with EBUSY.
        var transientBusy: [String: Int] = [:]
        var reactions: [WriteReaction] = []
        /// How many reads of a file still see its old contents after a write reaction.
        var reactionDelayReads = 0
        /// Path -> (contents a reaction set, reads of the old contents still to go).
        var pendingReactions: [String: (contents: String, readsLeft: Int)] = [:]
        var readCounts: [String: Int] = [:]
        /// Directory -> the locks held on it (`lockDirectory`).
        var locks: [String: HeldLocks] = [:]
    }

    /// The flocks held on one directory.
    public struct HeldLocks: Sendable, Equatable {
        public var shared = 0
        public var exclusive = false

        public init(shared: Int = 0, exclusive: Bool = false) {
            self.shared = shared
            self.exclusive = exclusive
        }
    }

    let state = Mutex(State())

    public init() {}

    // MARK: Setting the tree up

    /// Adds a directory (and its parents) without recording an operation.
    public func addDirectory(_ path: String) {
        state.withLock { state in
            var current = ""
            state.directories.insert("/")
            for component in path.split(separator: "/") {
                current += "/" + component
                state.directories.insert(current)
            }
        }
    }

    /// Sets a file's contents without recording an operation; creates its directory.
    public func setFile(_ path: String, _ contents: String) {
        addDirectory(CgroupPaths.parent(of: path))
        state.withLock { $0.files[path] = contents }
    }

    /// Deletes a file without recording an operation, as on a kernel that lacks it.
    public func removeFile(_ path: String) {
        _ = state.withLock { $0.files.removeValue(forKey: path) }
    }

    /// Control files a mkdir anywhere below `mountPoint` creates, with their initial contents.
    public func setTemplate(mountPoint: String, files: [String: String]) {
        state.withLock { $0.templates[mountPoint] = files }
    }

    /// Writes to any file whose path ends with `suffix` fail with `errno`.
    public func failWrites(endingWith suffix: String, errno: Int32) {
        state.withLock { $0.writeFailures[suffix] = errno }
    }

    /// mkdir of any path ending with `suffix` fails with `errno`.
    public func failMkdir(endingWith suffix: String, errno: Int32) {
        state.withLock { $0.mkdirFailures[suffix] = errno }
    }

    /// The next `times` rmdir calls of `path` fail with EBUSY, as while tasks are exiting.
    public func makeBusy(_ path: String, times: Int) {
        state.withLock { $0.transientBusy[path] = times }
    }

    public func onWrite(_ reaction: @escaping WriteReaction) {
        state.withLock { $0.reactions.append(reaction) }
    }

    /// What a write reaction sets shows only from the `reads`+1-th read of that file on, as a
    /// kernel confirms a freeze in cgroup.events only once every task has stopped.
    public func delayReactions(reads: Int) {
        state.withLock { $0.reactionDelayReads = reads }
    }

    // MARK: Inspecting it

    public var operations: [Operation] { state.withLock { $0.operations } }

    /// Values written to `path`, in order.
    public func writes(to path: String) -> [String] {
        operations.compactMap { operation in
            if case .write(path, let value) = operation { return value }
            return nil
        }
    }

    public func contents(_ path: String) -> String? { state.withLock { $0.files[path] } }

    /// How many times `read` was called for `path`.
    public func readCount(of path: String) -> Int { state.withLock { $0.readCounts[path] ?? 0 } }

    public func isDirectory(_ path: String) -> Bool { state.withLock { $0.directories.contains(path) } }

    /// Every directory strictly below `path`, sorted.
    public func directories(below path: String) -> [String] {
        state.withLock { $0.directories.filter { $0.hasPrefix(path + "/") }.sorted() }
    }

    // MARK: CgroupFS

    public func read(_ path: String) throws(CgroupFSError) -> String {
        let result: Result<String, CgroupFSError> = state.withLock { state in
            state.readCounts[path, default: 0] += 1
            if let pending = state.pendingReactions[path] {
                if pending.readsLeft > 0 {
                    state.pendingReactions[path]?.readsLeft -= 1
                } else {
                    state.files[path] = pending.contents
                    state.pendingReactions[path] = nil
                }
            }
            if let contents = state.files[path] { return .success(contents) }
            return .failure(CgroupFSError(errno: state.directories.contains(path) ? EISDIR : ENOENT))
        }
        return try result.get()
    }

    public func write(_ path: String, _ value: String) throws(CgroupFSError) {
        let reactions: [WriteReaction] = try state.withLock { (state: inout State) throws(CgroupFSError) in
            if let failure = state.writeFailures.first(where: { path.hasSuffix($0.key) }) {
                throw CgroupFSError(errno: failure.value)
            }
            guard let old = state.files[path] else { throw CgroupFSError(errno: ENOENT) }
            // cgroup.procs lists every member: a write adds one instead of replacing.
            if path.hasSuffix("/cgroup.procs") {
                state.files[path] = old.isEmpty ? value : old + "\n" + value
            } else if path.hasSuffix("/cgroup.subtree_control") {
                let updated = Self.applyingControllerChanges(value, to: old)
                state.files[path] = updated
                // Children offer what their parent enables.
                let directory = CgroupPaths.parent(of: path)
                for child in state.directories where CgroupPaths.parent(of: child) == directory && child != directory {
                    if state.files[child + "/cgroup.controllers"] != nil { state.files[child + "/cgroup.controllers"] = updated }
                }
            } else {
                state.files[path] = value
            }
            state.operations.append(.write(path, value))
            return state.reactions
        }
        let delay = state.withLock { $0.reactionDelayReads }
        for reaction in reactions {
            for (file, contents) in reaction(path, value) {
                if delay > 0 && contents != self.contents(file) {
                    state.withLock { $0.pendingReactions[file] = (contents, delay) }
                } else {
                    setFile(file, contents)
                }
            }
        }
    }

    public func mkdir(_ path: String) throws(CgroupFSError) {
        try state.withLock { (state: inout State) throws(CgroupFSError) in
            if let failure = state.mkdirFailures.first(where: { path.hasSuffix($0.key) }) {
                throw CgroupFSError(errno: failure.value)
            }
            if state.directories.contains(path) || state.files[path] != nil { throw CgroupFSError(errno: EEXIST) }
            guard state.directories.contains(CgroupPaths.parent(of: path)) else { throw CgroupFSError(errno: ENOENT) }
            state.directories.insert(path)
            let template = state.templates
                .filter { path.hasPrefix($0.key + "/") }
                .max { $0.key.count < $1.key.count }?.value ?? [:]
            for (name, contents) in template { state.files[path + "/" + name] = contents }
            // v1 cpuset: a parent with cgroup.clone_children 1 gives a new child its cpus and mems.
            let parent = CgroupPaths.parent(of: path)
            if state.files[parent + "/cgroup.clone_children"]?.trimmingWhitespace() == "1" {
                for name in ["cpuset.cpus", "cpuset.mems"] where state.files[path + "/" + name] != nil {
                    state.files[path + "/" + name] = state.files[parent + "/" + name]
                }
            }
            if template["cgroup.controllers"] != nil,
               let offered = state.files[CgroupPaths.parent(of: path) + "/cgroup.subtree_control"] {
                state.files[path + "/cgroup.controllers"] = offered
            }
            state.operations.append(.mkdir(path))
        }
    }

    public func rmdir(_ path: String) throws(CgroupFSError) {
        try state.withLock { (state: inout State) throws(CgroupFSError) in
            guard state.directories.contains(path) else { throw CgroupFSError(errno: ENOENT) }
            if let left = state.transientBusy[path], left > 0 {
                state.transientBusy[path] = left - 1
                throw CgroupFSError(errno: EBUSY)
            }
            // The kernel refuses while child cgroups or tasks remain.
            let hasChildren = state.directories.contains { $0.hasPrefix(path + "/") }
            let hasTasks = !(state.files[path + "/cgroup.procs"] ?? "").isEmpty
            if hasChildren || hasTasks { throw CgroupFSError(errno: EBUSY) }
            state.directories.remove(path)
            for file in state.files.keys where file.hasPrefix(path + "/") { state.files[file] = nil }
            state.operations.append(.rmdir(path))
        }
    }

    public func attachDeviceProgram(_ rules: [CgroupDeviceRule], to path: String) throws(CoreError) {
        try state.withLock { (state: inout State) throws(CoreError) in
            guard state.directories.contains(path) else { throw CoreError(stage: "open \(path)", errno: ENOENT) }
            state.operations.append(.attachDeviceProgram(path, rules: rules.count))
        }
    }

    /// A lock that would wait fails with EWOULDBLOCK instead: a single-threaded test would
    /// never see it released.
    public func lockDirectory(_ path: String, mode: CgroupLockMode) throws(CgroupFSError) -> CgroupDirectoryLock {
        try state.withLock { (state: inout State) throws(CgroupFSError) in
            guard state.directories.contains(path) else { throw CgroupFSError(errno: ENOENT) }
            var held = state.locks[path] ?? HeldLocks()
            switch mode {
            case .shared:
                guard !held.exclusive else { throw CgroupFSError(errno: EWOULDBLOCK) }
                held.shared += 1
            case .exclusive, .exclusiveIfFree:
                guard !held.exclusive, held.shared == 0 else { throw CgroupFSError(errno: EWOULDBLOCK) }
                held.exclusive = true
            }
            state.locks[path] = held
        }
        let exclusive = mode != .shared
        return CgroupDirectoryLock { [self] in
            state.withLock { state in
                guard var held = state.locks[path] else { return }
                if exclusive { held.exclusive = false } else { held.shared -= 1 }
                state.locks[path] = held.shared == 0 && !held.exclusive ? nil : held
            }
        }
    }

    /// The locks held on `path` now.
    public func locks(on path: String) -> HeldLocks { state.withLock { $0.locks[path] ?? HeldLocks() } }

    public func exists(_ path: String) -> Bool {
        state.withLock { $0.files[path] != nil || $0.directories.contains(path) }
    }

    public func listDirectories(_ path: String) throws(CgroupFSError) -> [String] {
        let result: Result<[String], CgroupFSError> = state.withLock { state in
            guard state.directories.contains(path) else { return .failure(CgroupFSError(errno: ENOENT)) }
            let prefix = path == "/" ? "/" : path + "/"
            let names = state.directories
                .filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") && $0 != path }
                .map { String($0.dropFirst(prefix.count)) }
            return .success(names.sorted())
        }
        return try result.get()
    }

    /// `+memory -cpu` applied to a space-separated controller list, as the kernel does.
    static func applyingControllerChanges(_ changes: String, to list: String) -> String {
        var enabled = list.split(separator: " ").map(String.init)
        for change in changes.split(separator: " ") {
            let name = String(change.dropFirst())
            if change.hasPrefix("+"), !enabled.contains(name) { enabled.append(name) }
            if change.hasPrefix("-") { enabled.removeAll { $0 == name } }
        }
        return enabled.joined(separator: " ")
    }
}
