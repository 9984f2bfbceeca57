import NamespaceCore

extension RuntimeSpec {
    /// `linux`: namespaces, ID maps, devices, cgroup, seccomp and the /proc hardening lists.
    public struct Linux: Codable, Sendable, Equatable {
        public var namespaces: [Namespace]?
        /// `{containerID, hostID, size}`, the same keys as the core's `IDMapping`.
        public var uidMappings: [IDMapping]?
        public var gidMappings: [IDMapping]?
        public var devices: [Device]?
        public var cgroupsPath: String?
        public var resources: Resources?
        /// `private`, `rprivate`, `slave`, `rslave`, `shared`, `rshared`, `unbindable`, `runbindable`.
        public var rootfsPropagation: String?
        public var seccomp: Seccomp?
        public var sysctl: [String: String]?
        public var maskedPaths: [String]?
        public var readonlyPaths: [String]?
        public var mountLabel: String?
        /// Decoded so that it is refused by name: this runtime does not drive resctrl.
        public var intelRdt: IntelRdt?

        public init(namespaces: [Namespace]? = nil, uidMappings: [IDMapping]? = nil, gidMappings: [IDMapping]? = nil,
                    devices: [Device]? = nil, cgroupsPath: String? = nil, resources: Resources? = nil,
                    rootfsPropagation: String? = nil, seccomp: Seccomp? = nil, sysctl: [String: String]? = nil,
                    maskedPaths: [String]? = nil, readonlyPaths: [String]? = nil) {
            self.namespaces = namespaces
            self.uidMappings = uidMappings
            self.gidMappings = gidMappings
            self.devices = devices
            self.cgroupsPath = cgroupsPath
            self.resources = resources
            self.rootfsPropagation = rootfsPropagation
            self.seccomp = seccomp
            self.sysctl = sysctl
            self.maskedPaths = maskedPaths
            self.readonlyPaths = readonlyPaths
        }
    }

    /// `linux.intelRdt`: its presence is all that matters here.
    public struct IntelRdt: Codable, Sendable, Equatable {
        public var closID: String?
        public var l3CacheSchema: String?
        public var memBwSchema: String?
    }

    /// `linux.namespaces[]`: create one of `type`, or join the one at `path`.
    public struct Namespace: Codable, Sendable, Equatable {
        /// Kept as text so that validation can name an unknown type.
        public var type: String
        public var path: String?

        public init(type: String, path: String? = nil) {
            self.type = type
            self.path = path
        }
    }

    /// `linux.devices[]`: a node to create in the container's /dev.
    public struct Device: Codable, Sendable, Equatable {
        /// `c`, `b`, `u` (unbuffered character) or `p` (FIFO).
        public var type: String
        public var path: String
        public var major: Int64?
        public var minor: Int64?
        public var fileMode: UInt32?
        public var uid: UInt32?
        public var gid: UInt32?

        public init(type: String, path: String, major: Int64? = nil, minor: Int64? = nil,
                    fileMode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil) {
            self.type = type
            self.path = path
            self.major = major
            self.minor = minor
            self.fileMode = fileMode
            self.uid = uid
            self.gid = gid
        }
    }
}
