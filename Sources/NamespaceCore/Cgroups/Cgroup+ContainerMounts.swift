extension Cgroup {
    /// The mounts that show this cgroup at `destination` inside the container, as runc lays
    /// them out: on v1 and hybrid hosts a tmpfs with the container's directory of every
    /// hierarchy bind-mounted under the hierarchy's name (a plain `-t cgroup` mount would ask
    /// for every controller at once and fail with EBUSY); on v2 the one directory. The tmpfs is
    /// remounted read-only at the end when `readonly`.
    public func containerMounts(at destination: String, readonly: Bool) -> [MountSpec] {
        let bindOptions = ["rbind", "nosuid", "nodev", "noexec"] + (readonly ? ["ro"] : [])
        if mode == .v2, let directory = unifiedDirectory {
            return [MountSpec(destination: destination, type: "bind", source: directory.path, options: bindOptions)]
        }
        var mounts = [MountSpec(destination: destination, type: "tmpfs", source: "tmpfs",
                                options: ["nosuid", "nodev", "noexec", "mode=755"])]
        for directory in directories {
            let name = directory.hierarchy.mountPoint.split(separator: "/").last.map(String.init) ?? "unified"
            mounts.append(MountSpec(destination: "\(destination)/\(name)", type: "bind",
                                    source: directory.path, options: bindOptions))
        }
        if readonly {
            mounts.append(MountSpec(destination: destination, type: "tmpfs", source: "tmpfs",
                                    options: ["remount", "ro", "nosuid", "nodev", "noexec", "mode=755"]))
        }
        return mounts
    }
}

extension LaunchSpec {
    /// Replaces every `cgroup`/`cgroup2` mount by the layout of `cgroup.containerMounts`.
    public func expandingCgroupMounts(for cgroup: Cgroup) -> LaunchSpec {
        var copy = self
        copy.mounts = mounts.flatMap { mount -> [MountSpec] in
            guard mount.type == "cgroup" || mount.type == "cgroup2" else { return [mount] }
            return cgroup.containerMounts(at: mount.destination, readonly: mount.options.contains("ro"))
        }
        return copy
    }
}

extension Cgroup {
    /// How a new process enters this cgroup at launch: by itself through the v1 `tasks`
    /// files and by CLONE_INTO_CGROUP for the cgroup2 directory, never by a pid written to
    /// cgroup.procs from outside (that takes the kernel's global threadgroup lock).
    public var placement: CgroupPlacement {
        CgroupPlacement(
            taskFiles: directories.filter { $0.hierarchy.version == .v1 }.map { $0.file("tasks") },
            unifiedDirectory: unifiedDirectory?.path)
    }
}
