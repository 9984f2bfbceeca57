import NamespaceCore

extension ProbeReport {
    /// Inode numbers of /proc/self/ns/*: equal numbers mean a shared namespace.
    public struct Namespaces: Codable, Sendable, Equatable {
        public var mnt: UInt64?
        public var pid: UInt64?
        public var net: UInt64?
        public var uts: UInt64?
        public var ipc: UInt64?
        public var user: UInt64?
        public var cgroup: UInt64?
        public var time: UInt64?

        public init(mnt: UInt64? = nil, pid: UInt64? = nil, net: UInt64? = nil, uts: UInt64? = nil,
                    ipc: UInt64? = nil, user: UInt64? = nil, cgroup: UInt64? = nil, time: UInt64? = nil) {
            self.mnt = mnt
            self.pid = pid
            self.net = net
            self.uts = uts
            self.ipc = ipc
            self.user = user
            self.cgroup = cgroup
            self.time = time
        }

        /// The inode for one of the core's namespace kinds.
        public subscript(kind: NamespaceKind) -> UInt64? {
            switch kind {
            case .mount: mnt
            case .pid: pid
            case .network: net
            case .uts: uts
            case .ipc: ipc
            case .user: user
            case .cgroup: cgroup
            case .time: time
            }
        }
    }

    /// One line of /proc/self/mountinfo.
    public struct Mount: Codable, Sendable, Equatable {
        public var mountID: Int?
        public var parentID: Int?
        public var mountPoint: String
        public var fstype: String
        public var source: String
        /// Per-mount options, e.g. `rw,nosuid,relatime`.
        public var options: String
        /// Superblock options, e.g. `rw,size=64k`.
        public var superOptions: String?
        /// The directory of the source file system that is mounted (bind mounts).
        public var root: String?
        /// Optional fields such as `shared:1` or `master:2`.
        public var propagation: [String]?

        enum CodingKeys: String, CodingKey {
            case mountID = "mount_id"
            case parentID = "parent_id"
            case mountPoint = "mount_point"
            case fstype, source, options
            case superOptions = "super_options"
            case root, propagation
        }
    }

    public struct Interface: Codable, Sendable, Equatable {
        public var name: String
        public var index: UInt32?
        public var up: Bool
        /// `UP`, `LOOPBACK`, `RUNNING`, ...
        public var flags: [String]
        /// `address/prefix`.
        public var ipv4: [String]
        public var ipv6: [String]
    }

    public struct OSRelease: Codable, Sendable, Equatable {
        public var id: String?
        public var versionID: String?
        public var prettyName: String?
        /// The file it came from: /etc/os-release or /usr/lib/os-release.
        public var path: String?

        enum CodingKeys: String, CodingKey {
            case id
            case versionID = "version_id"
            case prettyName = "pretty_name"
            case path
        }
    }

    public struct FileDescriptor: Codable, Sendable, Equatable {
        public var fd: Int32
        /// readlink of /proc/self/fd/N: a path, `pipe:[ino]`, `socket:[ino]`...
        public var target: String?
    }

    /// One line of /proc/self/cgroup; hierarchy 0 with no controllers is cgroup v2.
    public struct CgroupMembership: Codable, Sendable, Equatable {
        public var hierarchy: Int
        public var controllers: [String]
        public var path: String
    }

    public struct Limits: Codable, Sendable, Equatable {
        /// Raw content of the memory limit file (`max` on v2 when unlimited), nil if none was readable.
        public var memoryMax: String?
        public var memoryMaxPath: String?
        /// Raw content of pids.max, nil if none (the root cgroup has no pids.max).
        public var pidsMax: String?
        public var pidsMaxPath: String?
        public var nofile: Rlimit?
        public var nproc: Rlimit?

        enum CodingKeys: String, CodingKey {
            case memoryMax = "memory_max"
            case memoryMaxPath = "memory_max_path"
            case pidsMax = "pids_max"
            case pidsMaxPath = "pids_max_path"
            case nofile, nproc
        }
    }

    /// nil stands for unlimited (RLIM_INFINITY).
    public struct Rlimit: Codable, Sendable, Equatable {
        public var soft: UInt64?
        public var hard: UInt64?
    }

    /// A forbidden operation: `ok` means the kernel allowed it. For calls built to
    /// fail (kexec_load, reboot), `ok` with `EINVAL` means the permission check passed.
    public struct Attempt: Codable, Sendable, Equatable {
        public var ok: Bool
        /// Symbolic errno (`EPERM`), nil on success.
        public var errno: String?
        /// Set when the attempt's child was killed, e.g. `SIGSYS` from a seccomp filter.
        public var signal: String?
        public var detail: String?
    }

    public struct Marker: Codable, Sendable, Equatable {
        public var path: String
        public var exists: Bool
        public var errno: String?
    }

    public struct WriteCheck: Codable, Sendable, Equatable {
        public var path: String
        public var ok: Bool
        public var errno: String?
    }

    public struct ConnectCheck: Codable, Sendable, Equatable {
        /// `HOST:PORT` as given.
        public var target: String
        public var ok: Bool
        public var errno: String?
    }

    public struct ExecCheck: Codable, Sendable, Equatable {
        public var path: String
        /// The exec succeeded (the started program was killed at once).
        public var ok: Bool
        public var errno: String?
    }

    /// A program of the container's root, run to its end: its exit and its output's start.
    public struct RunCheck: Codable, Sendable, Equatable {
        public var command: String
        /// The execve's errno when it failed (nil when the program ran).
        public var errno: String?
        public var exit: Int?
        public var signal: Int?
        public var timedOut: Bool?
        public var output: String?

        public init(command: String, errno: String? = nil, exit: Int? = nil, signal: Int? = nil, timedOut: Bool? = nil, output: String? = nil) {
            self.command = command
            self.errno = errno
            self.exit = exit
            self.signal = signal
            self.timedOut = timedOut
            self.output = output
        }

        enum CodingKeys: String, CodingKey {
            case command, errno, exit, signal, output
            case timedOut = "timed_out"
        }
    }
}

/// The forbidden operations every full probe report contains.
public enum ProbeAttemptKind: String, Sendable, CaseIterable, Codable {
    case mountTmpfs = "mount_tmpfs"
    case mknodChar = "mknod_char"
    case writeCorePattern = "write_core_pattern"
    case writeSysrqTrigger = "write_sysrq_trigger"
    case readKcore = "read_kcore"
    case sethostname
    case rawSocket = "raw_socket"
    /// An ICMP echo to 127.0.0.1 through a datagram socket (ping without CAP_NET_RAW).
    case pingDatagram = "ping_datagram"
    case kexecLoad = "kexec_load"
    case reboot
}
