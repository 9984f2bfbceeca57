import NamespaceCore

/// A container as CRIU must be told about it: its root, the bind mounts whose sources lie on
/// the host (volumes, host files, the cgroup directories of a v1 layout, device nodes bound in
/// a user namespace), the masked files (/dev/null bound over them), the cgroup it lives in and
/// the namespaces it joined instead of making. Built from the launch spec the container was
/// started with, so every front-end describes its containers the same way.
public struct ContainerCheckpointLayout: Sendable, Equatable, Codable {
    /// The root as the host sees it (a directory, or where an overlay is mounted).
    public var rootfs: String
    public var externalMounts: [ExternalMount]
    /// Masked paths that are files in the running container (directories get a read-only bind
    /// of a removed directory of the container's /dev tmpfs, or a tmpfs: CRIU dumps both, and
    /// restores a bind whose root was removed by making the directory for it and removing it again).
    public var maskedFiles: [String]
    /// The container's cgroup below every hierarchy root, e.g. `cbench/oci-web`.
    public var cgroupPath: String
    /// The v1 freezer directory, when there is one: CRIU freezes the tree there.
    public var freezerDirectory: String?
    /// Joined network or pid namespaces: external on dump, handed back on restore.
    public var externalNamespaces: [ExternalNamespace]
    /// Other joined namespaces, joined again on restore.
    public var joinedNamespaces: [JoinedNamespace]

    public init(rootfs: String, externalMounts: [ExternalMount] = [], maskedFiles: [String] = [], cgroupPath: String,
                freezerDirectory: String? = nil, externalNamespaces: [ExternalNamespace] = [],
                joinedNamespaces: [JoinedNamespace] = []) {
        self.rootfs = rootfs
        self.externalMounts = externalMounts
        self.maskedFiles = maskedFiles
        self.cgroupPath = cgroupPath
        self.freezerDirectory = freezerDirectory
        self.externalNamespaces = externalNamespaces
        self.joinedNamespaces = joinedNamespaces
    }

    /// Device nodes a user-namespaced container binds from the host (it may not mknod).
    static let boundDevices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"]

    /// The layout of a container launched from `spec` (cgroup mounts already expanded).
    /// `kindOf` tells what a path inside the running container is (nil: missing);
    /// `namespaceInode` the inode of a namespace file.
    public static func from(spec: LaunchSpec, rootfs: String, cgroupPath: String, freezerDirectory: String?,
                            kindOf: (String) -> PathKind?, namespaceInode: (String) -> UInt64?) -> ContainerCheckpointLayout {
        var mounts: [ExternalMount] = []
        for mount in spec.mounts where mount.type == "bind" || mount.options.contains("bind") || mount.options.contains("rbind") {
            guard !mounts.contains(where: { $0.containerPath == mount.destination }) else { continue }
            mounts.append(ExternalMount(containerPath: mount.destination, hostSource: mount.source))
        }
        if spec.populateDev && spec.namespaces.contains(where: { $0.kind == .user && $0.path == nil }) {
            for device in boundDevices where !mounts.contains(where: { $0.containerPath == device }) {
                mounts.append(ExternalMount(containerPath: device, hostSource: device))
            }
        }
        let masked = spec.maskedPaths.filter { kindOf($0) == .file }
        var external: [ExternalNamespace] = []
        var joined: [JoinedNamespace] = []
        for namespace in spec.namespaces {
            guard let path = namespace.path else { continue }
            switch namespace.kind {
            case .network, .pid:
                let name = namespace.kind == .network ? "net" : "pid"
                if let inode = namespaceInode(path) { external.append(ExternalNamespace(kind: name, inode: inode, path: path)) }
            default:
                joined.append(JoinedNamespace(kind: namespace.kind.criuName, file: path))
            }
        }
        return ContainerCheckpointLayout(rootfs: rootfs, externalMounts: mounts, maskedFiles: masked, cgroupPath: cgroupPath,
                                         freezerDirectory: freezerDirectory, externalNamespaces: external, joinedNamespaces: joined)
    }

    public enum PathKind: Sendable, Equatable {
        case file, directory
    }
}

extension NamespaceKind {
    /// CRIU's name for `--join-ns`.
    var criuName: String {
        switch self {
        case .mount: return "mnt"
        case .network: return "net"
        default: return rawValue
        }
    }
}
