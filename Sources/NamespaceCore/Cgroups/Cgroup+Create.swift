#if canImport(Glibc)
import Glibc
#endif

extension Cgroup {
    /// Creates cgroup `path` (e.g. `cbench/oci-ID`) in every hierarchy the host's mode uses and
    /// applies `resources`. All or nothing: on failure every directory made here is removed
    /// again (parents shared with other cgroups, like `cbench`, stay).
    ///
    /// With `sharingCpuset`, a container that asks for no cpus or mems gets no v1 cpuset
    /// cgroup of its own but joins that shared one (`SharedCpuset`); the caller calls
    /// `releaseJoinLock()` once its process is in.
    public static func create(path: String, resources: CgroupResources = CgroupResources(),
                              host: CgroupHost, sharingCpuset: SharedCpuset? = nil) throws(CoreError) -> Cgroup {
        let components = try CgroupPaths.components(of: path)
        let relative = components.joined(separator: "/")
        try resources.validateHugepageSizes()
        // Computed first: a request v2 cannot express fails before anything is created.
        let writes: [CgroupFileWrite] = host.mode == .v2 ? try CgroupV2.writes(for: resources) : CgroupV1.writes(for: resources)
        var unsupported: [CgroupFeature] = []

        var created: [String] = []
        var joinLock: CgroupDirectoryLock?
        do {
            var directories: [CgroupDirectory] = []
            var shared: [CgroupDirectory] = []
            for hierarchy in targetHierarchies(host: host, demanding: CgroupV1.demandedControllers(resources)) {
                if let sharingCpuset, sharesCpuset(resources), sharableCpusetHierarchy(hierarchy, host: host) {
                    let (directory, lock) = try joinShared(sharingCpuset, in: hierarchy, fs: host.fs)
                    shared.append(directory)
                    joinLock = lock
                    continue
                }
                let levels = try CgroupPaths.levels(of: relative, under: hierarchy.mountPoint)
                try makeLevels(levels, fs: host.fs, recordingIn: &created)
                if hierarchy.version == .v1 && hierarchy.has("cpuset") {
                    try CgroupV1.inheritCpuset(levels: levels, fs: host.fs)
                }
                if hierarchy.version == .v2 && host.mode == .v2 {
                    let ancestors = [hierarchy.mountPoint] + levels.dropLast()
                    try CgroupV2.enable(CgroupV2.neededControllers(for: writes), in: ancestors, fs: host.fs)
                }
                directories.append(CgroupDirectory(hierarchy: hierarchy, path: levels[levels.count - 1]))
            }
            var cgroup = Cgroup(path: relative, host: host, directories: directories,
                                ownedLevels: ownedLevels(created: created, components: components, host: host),
                                unsupportedOnThisMode: [], sharedDirectories: shared, joinLock: joinLock)
            unsupported += try cgroup.apply(writes)
            // v2 has no devices controller: the rules are enforced by an eBPF program instead.
            if host.mode == .v2, !resources.devices.isEmpty, let unified = cgroup.unifiedDirectory {
                try host.fs.attachDeviceProgram(resources.devices, to: unified.path)
            }
            cgroup.unsupportedOnThisMode = uniqued(unsupported)
            return cgroup
        } catch {
            rollBack(created: created, components: components, host: host)
            if let joinLock {
                joinLock.release()
                removeUnusedSharedCpusets(host: host)
            }
            throw error
        }
    }

    /// The hierarchies a container's cgroup goes in: the v1 ones holding a controller we use
    /// (or one of `demanded`, the on-demand ones its resources ask for), plus the cgroup2 tree
    /// (all of it on v2, for tracking on hybrid).
    static func targetHierarchies(host: CgroupHost, demanding demanded: Set<String> = []) -> [CgroupHierarchy] {
        let wanted = CgroupV1.usedControllers.union(demanded)
        let v1 = host.mode == .v2 ? [] : host.layout.v1Hierarchies.filter {
            !wanted.isDisjoint(with: $0.controllers)
        }
        return v1 + (host.layout.unified.map { [$0] } ?? [])
    }

    /// mkdir each level that is missing, appending the ones made to `created` (for rollback,
    /// even when a later level fails). The cgroup itself must be new,
    /// so that two containers never share one by accident. A parent that vanishes meanwhile
    /// (an empty `cbench` removed by a concurrent cleanup) is made again.
    static func makeLevels(_ levels: [String], fs: any CgroupFS, recordingIn created: inout [String]) throws(CoreError) {
        var index = 0
        var restarts = 0
        while index < levels.count {
            let level = levels[index]
            do {
                try fs.mkdir(level)
                created.append(level)
                index += 1
            } catch where error.errno == EEXIST && index < levels.count - 1 {
                index += 1
            } catch where error.errno == ENOENT && index > 0 && restarts < 3 {
                restarts += 1
                index = 0
            } catch {
                throw CoreError(stage: "cgroup create \(level)", errno: error.errno)
            }
        }
    }

    /// Created levels that `remove()` owns: all but the first component of a nested path.
    static func ownedLevels(created: [String], components: [String], host: CgroupHost) -> [String] {
        guard components.count > 1 else { return created }
        return created.filter { level in
            !host.layout.allHierarchies.contains { level == CgroupPaths.absolute(components[0], under: $0.mountPoint) }
        }
    }

    static func rollBack(created: [String], components: [String], host: CgroupHost) {
        for level in ownedLevels(created: created, components: components, host: host).reversed() {
            try? host.fs.rmdir(level)
        }
    }

    /// Writes each value to its controller's directory; returns the features it could not
    /// enforce because their controller (or, for optional files, the file) is missing.
    func apply(_ writes: [CgroupFileWrite]) throws(CoreError) -> [CgroupFeature] {
        var unsupported: [CgroupFeature] = []
        for write in writes {
            let offered = host.mode != .v2 || (host.layout.unified?.has(write.controller) ?? false)
            guard offered, let directory = directory(for: write.controller) else {
                unsupported.append(write.feature)
                continue
            }
            var (name, value) = (write.file, write.value)
            if let fallback = write.fallback, !fs.exists(directory.file(name)) {
                (name, value) = (fallback.file, fallback.value)
            }
            let file = directory.file(name)
            if write.skipIfMissing && !fs.exists(file) {
                unsupported.append(write.feature)
                continue
            }
            do { try fs.write(file, value) } catch {
                throw CoreError(stage: "cgroup write \(name)", errno: error.errno, detail: "'\(value)' to \(directory.path)")
            }
        }
        return unsupported
    }

    static func uniqued(_ features: [CgroupFeature]) -> [CgroupFeature] {
        var seen: Set<CgroupFeature> = []
        return features.filter { seen.insert($0).inserted }
    }
}
