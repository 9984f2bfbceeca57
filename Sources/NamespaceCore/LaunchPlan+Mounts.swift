#if canImport(Glibc)
import Glibc
#endif
import CShim

extension LaunchPlan {
    func fillMounts(_ plan: inout cshim_plan, _ spec: LaunchSpec) throws(CoreError) {
        var entries: [cshim_mount] = []
        let rootDirectory: String? = if case .directory(let path)? = spec.rootfs?.source { path } else { nil }
        for mount in spec.mounts {
            guard mount.destination.hasPrefix("/") else {
                throw CoreError(stage: "mount \(mount.destination)", errno: EINVAL, detail: "destination is not absolute")
            }
            if let rootDirectory, let link = RootfsPath.escapingSymlink(in: rootDirectory, path: mount.destination) {
                throw CoreError(stage: "mount \(mount.destination)", errno: EXDEV,
                                detail: "the symlink \(link) leads out of the root \(rootDirectory)")
            }
            var options = MountOptions.parse(mount.options)
            if mount.type == "bind" && options.bind == 0 { options.bind = Int32(CSHIM_BIND.rawValue) }
            let isBind = options.bind != 0
            entries.append(cshim_mount(
                source: mount.source.isEmpty ? nil : arena.string(mount.source),
                destination: arena.string(mount.destination),
                fstype: isBind ? nil : arena.string(mount.type),
                data: isBind ? nil : arena.optionalString(options.dataString),
                flags: options.flags,
                propagation: options.propagation,
                bind: options.bind,
                source_is_file: isBind && Self.isNonDirectory(mount.source) ? 1 : 0,
                optional: mount.optional ? 1 : 0,
                recursive_set: options.recursiveSet,
                recursive_clear: options.recursiveClear))
        }
        plan.mounts = arena.array(entries)
        plan.mount_count = entries.count
    }

    func fillDevices(_ plan: inout cshim_plan, _ spec: LaunchSpec) throws(CoreError) {
        var entries: [cshim_device] = []
        for device in spec.devices {
            guard device.path.hasPrefix("/"), !device.path.hasSuffix("/") else {
                throw CoreError(stage: "device \(device.path)", errno: EINVAL, detail: "path is not an absolute file path")
            }
            let type: UInt32
            switch device.kind {
            case .char: type = UInt32(S_IFCHR)
            case .block: type = UInt32(S_IFBLK)
            case .fifo: type = UInt32(S_IFIFO)
            }
            entries.append(cshim_device(
                path: arena.string(device.path), mode: type | (device.mode & 0o7777),
                rdev: Self.makedev(major: UInt64(device.major), minor: UInt64(device.minor)),
                uid: device.uid, gid: device.gid))
        }
        plan.devices = arena.array(entries)
        plan.device_count = entries.count
    }

    /// glibc's makedev: the split 12+20 bit encoding extended to 64 bits.
    static func makedev(major: UInt64, minor: UInt64) -> UInt64 {
        ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff)
    }

    /// A bind source that is a file (or device, socket) needs a file as its target.
    static func isNonDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT != S_IFDIR
    }
}
