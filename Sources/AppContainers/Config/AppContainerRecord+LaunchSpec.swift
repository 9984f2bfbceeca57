#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppContainerRecord {
    /// The container's process as a launch: image config merged with the CLI, an overlay of
    /// the layers (topmost first) under the container's upper directory, new mnt/pid/net/uts/
    /// ipc namespaces, Docker's standard mounts (`AppSecurity.defaultMounts`) and the host
    /// files; in systemd mode what `AppSystemdPlan` adds. Security (caps, seccomp, masked
    /// paths), volumes, the cgroup and stdio are added by the runtime.
    public func launchSpec(store: AppStore, lowerDirectories: [String]? = nil,
                           readFile: ((String) -> String?)? = nil) throws(CoreError) -> LaunchSpec {
        let process = try AppProcess(config: config, image: imageParameters, hostname: hostname)
        let lowers = lowerDirectories ?? layerDirectories.reversed()
        let reader = readFile ?? { path in Self.readContainerFile(path, layers: [store.upperDirectory(of: id)] + lowers) }
        let user = try AppUser.resolve(process.user, readFile: reader)
        var environment = process.environment
        if !environment.contains(where: { $0.hasPrefix("HOME=") }) { environment.append("HOME=\(user.home)") }

        var spec = LaunchSpec(args: process.args, environment: environment)
        spec.workingDirectory = process.workingDirectory
        spec.user = UserSpec(uid: user.uid, gid: user.gid, additionalGids: user.additionalGids)
        spec.namespaces = [.init(.mount), .init(.pid), .init(.network), .init(.uts), .init(.ipc)]
        if config.usernsRemap {
            spec.namespaces.insert(.init(.user), at: 0)
            spec.uidMappings = [IDMapping(containerID: 0, hostID: AppUserNamespace.hostID, size: AppUserNamespace.size)]
            spec.gidMappings = spec.uidMappings
        }
        guard !lowers.isEmpty else {
            throw CoreError(stage: "image \(config.image)", detail: "has no layers; import a root file system first")
        }
        spec.rootfs = RootfsSpec(.overlay(lower: lowers, upper: store.upperDirectory(of: id), work: store.workDirectory(of: id)),
                                 readonly: config.readOnly)
        // A `--rm` container's upper layer is removed with it: nothing to sync (podman mounts
        // the root of its `--rm` containers volatile too).
        spec.rootfs?.volatile = config.autoRemove
        spec.hostname = hostname
        spec.mounts = AppSecurity.defaultMounts + [
            MountSpec(destination: "/etc/hostname", type: "bind", source: store.hostnamePath(of: id), options: ["bind", "rprivate"]),
            MountSpec(destination: "/etc/hosts", type: "bind", source: store.hostsPath(of: id), options: ["bind", "rprivate"]),
            MountSpec(destination: "/etc/resolv.conf", type: "bind", source: store.resolvConfPath(of: id), options: ["bind", "rprivate"]),
        ]
        spec.populateDev = true
        spec.newSession = true
        spec.loopbackUp = true
        if process.runsSystemd { AppSystemdPlan.apply(to: &spec, userMounts: userMountDestinations) }
        return spec
    }

    /// Where its volumes and `--tmpfs` go: what systemd mode leaves to them. A text that does
    /// not parse is left out here; the launch parses them all and fails on it.
    var userMountDestinations: Set<String> {
        Set(config.volumes.compactMap { try? VolumeMount(parsing: $0).destination }
            + (config.tmpfs ?? []).compactMap { try? TmpfsMount(parsing: $0).mountSpec.destination })
    }

    /// A file of the container's root before it is mounted: the first layer (upper first)
    /// holding it; an overlay whiteout (a 0/0 character device) hides it.
    static func readContainerFile(_ path: String, layers: [String]) -> String? {
        for layer in layers {
            var info = stat()
            guard lstat(layer + path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFCHR && info.st_rdev == 0 { return nil }
            return (try? FileIO.read(layer + path, limit: 1 << 20)).map { String(decoding: $0, as: UTF8.self) }
        }
        return nil
    }

    /// Limits for the container's cgroup.
    public var cgroupResources: CgroupResources {
        var resources = CgroupResources(memoryLimit: config.memoryBytes, pidsLimit: config.effectivePidsLimit)
        if let cpus = config.cpus, cpus > 0 {
            resources.cpuPeriod = 100_000
            resources.cpuQuota = Int64((cpus * 100_000).rounded())
        }
        return resources
    }
}
