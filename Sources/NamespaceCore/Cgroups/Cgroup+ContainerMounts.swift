extension Cgroup {
    /// The mounts that show this cgroup at `destination` inside the container, as runc lays
    /// them out: on v1 and hybrid hosts a tmpfs with the container's directory of every
    /// hierarchy bind-mounted under the hierarchy's name (a plain `-t cgroup` mount would ask
    /// for every controller at once and fail with EBUSY); on v2 the one directory. The tmpfs is
    /// remounted read-only at the end when `readonly`.
    public func containerMounts(at destination: String, readonly: Bool) -> [MountSpec] {
        containerMounts(at: destination, readonly: readonly) { _ in readonly }
    }

    /// The mounts of `containerMounts` for a container whose init is systemd: on v2 its one
    /// directory writable (systemd makes its units' cgroups there); on v1 and hybrid hosts the
    /// directories systemd keeps its units in writable, the `name=systemd` hierarchy and the
    /// cgroup2 one, and the controllers' hierarchies read-only, so the container cannot raise
    /// the limits set on its own cgroup. The tmpfs above them is read-only.
    public func systemdContainerMounts(at destination: String) -> [MountSpec] {
        containerMounts(at: destination, readonly: true) { !Self.systemdWrites(in: $0.hierarchy) }
    }

    /// Whether systemd as a container's init writes in the container's directory of `hierarchy`.
    public static func systemdWrites(in hierarchy: CgroupHierarchy) -> Bool {
        hierarchy.version == .v2 || (!hierarchy.controllers.isEmpty && hierarchy.controllers.allSatisfy { $0.hasPrefix("name=") })
    }

    /// When every directory is read-only, the binds are plain and the closing remount of the
    /// tmpfs makes the tmpfs and every bind below it read-only, nosuid, nodev and noexec at
    /// once (`rro`... : one mount_setattr(AT_RECURSIVE)) instead of one remount per bind.
    /// A shared directory (`SharedCpuset`) is always bound read-only: other containers' tasks
    /// live by its settings too.
    private func containerMounts(at destination: String, readonly: Bool, readonlyDirectory ownReadonly: (CgroupDirectory) -> Bool) -> [MountSpec] {
        let shared = sharedDirectories
        let placedDirectories = directories + shared
        func readonlyDirectory(_ directory: CgroupDirectory) -> Bool { ownReadonly(directory) || shared.contains(directory) }
        func bindOptions(_ directory: CgroupDirectory) -> [String] {
            ["rbind", "nosuid", "nodev", "noexec"] + (readonlyDirectory(directory) ? ["ro"] : [])
        }
        if mode == .v2, let directory = unifiedDirectory {
            return [MountSpec(destination: destination, type: "bind", source: directory.path, options: bindOptions(directory))]
        }
        let allReadOnly = readonly && placedDirectories.allSatisfy(readonlyDirectory)
        var mounts = [MountSpec(destination: destination, type: "tmpfs", source: "tmpfs",
                                options: ["nosuid", "nodev", "noexec", "mode=755"])]
        for directory in placedDirectories {
            let name = directory.hierarchy.mountPoint.split(separator: "/").last.map(String.init) ?? "unified"
            mounts.append(MountSpec(destination: "\(destination)/\(name)", type: "bind",
                                    source: directory.path, options: allReadOnly ? ["rbind"] : bindOptions(directory)))
        }
        if readonly {
            mounts.append(MountSpec(destination: destination, type: "tmpfs", source: "tmpfs",
                                    options: ["remount", "ro", "nosuid", "nodev", "noexec", "mode=755"]
                                        + (allReadOnly ? Self.recursiveLockDown : [])))
        }
        return mounts
    }

    /// The recursive options of the closing remount when every bind below it is read-only.
    public static let recursiveLockDown = ["rro", "rnosuid", "rnodev", "rnoexec"]
}

extension LaunchSpec {
    /// The option that marks a `cgroup` mount as a systemd init's (`systemdContainerMounts`);
    /// it never reaches the kernel (the mount is replaced before the launch).
    public static let systemdCgroupMountOption = "x-cbench-systemd"

    /// Replaces every `cgroup`/`cgroup2` mount by the layout of `cgroup.containerMounts`, or
    /// of `cgroup.systemdContainerMounts` for one marked `systemdCgroupMountOption`.
    public func expandingCgroupMounts(for cgroup: Cgroup) -> LaunchSpec {
        var copy = self
        copy.mounts = mounts.flatMap { mount -> [MountSpec] in
            guard mount.type == "cgroup" || mount.type == "cgroup2" else { return [mount] }
            if mount.options.contains(Self.systemdCgroupMountOption) { return cgroup.systemdContainerMounts(at: mount.destination) }
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
            taskFiles: placedDirectories.filter { $0.hierarchy.version == .v1 }.map { $0.file("tasks") },
            unifiedDirectory: unifiedDirectory?.path)
    }
}
