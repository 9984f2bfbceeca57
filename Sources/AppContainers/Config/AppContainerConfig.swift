/// Everything `cbench app create/run` was asked for, kept as the container's config.json so
/// `start`, `inspect` and `exec` see the same container later. The image is kept both as the
/// user typed it and as the manifest digest it resolved to.
public struct AppContainerConfig: Codable, Sendable, Equatable {
    public var name: String?
    public var image: String
    public var imageDigest: String?
    /// nil keeps the image's Entrypoint; `[]` (an empty --entrypoint) clears it.
    public var entrypoint: [String]?
    /// Empty keeps the image's Cmd; CLI arguments replace it.
    public var command: [String]
    /// `KEY=VALUE` (or `KEY`, taken from the caller's environment when parsed), after the image's.
    public var environment: [String]
    public var workingDirectory: String?
    /// `name`, `uid`, `name:group` or `uid:gid`; nil keeps the image's User.
    public var user: String?
    public var hostname: String?
    /// `-v` texts, parsed by the volume code when the container starts.
    public var volumes: [String]
    /// `--tmpfs` texts (`PATH[:OPTIONS]`); nil in records written before the flag existed.
    public var tmpfs: [String]?
    /// `-p` texts.
    public var ports: [String]
    /// Network names; empty means `none` (a network namespace with only loopback).
    public var networks: [String]
    /// `--ip`: the container's address on its one network (nil: the lowest free one).
    public var ipv4Address: String?
    public var memoryBytes: Int64?
    public var pidsLimit: Int64?
    public var cpus: Double?
    public var readOnly: Bool
    public var capAdd: [String]
    public var capDrop: [String]
    /// `default`, `unconfined` or a profile file path.
    public var seccomp: String
    /// `--security-opt no-new-privileges`: setuid binaries no longer raise privileges (nil in
    /// records made before the option was wired: off).
    public var noNewPrivileges: Bool?
    /// `--userns=remap`: root in the container is host uid 100000.
    public var usernsRemap: Bool
    public var initProcess: Bool
    public var autoRemove: Bool
    public var detach: Bool
    /// `-i`: the caller's stdin goes to a foreground container (else /dev/null).
    public var interactive: Bool
    /// `-t`: the process gets a pty as its controlling terminal (nil in records made before
    /// the flag existed: no terminal).
    public var tty: Bool?
    /// `--systemd`; nil is podman's default, `true` (also in records made before the option).
    public var systemd: AppSystemdMode?

    public init(image: String, name: String? = nil, command: [String] = [], entrypoint: [String]? = nil,
                environment: [String] = [], workingDirectory: String? = nil, user: String? = nil,
                hostname: String? = nil, volumes: [String] = [], tmpfs: [String] = [], ports: [String] = [], networks: [String] = [],
                memoryBytes: Int64? = nil, pidsLimit: Int64? = nil, cpus: Double? = nil, readOnly: Bool = false,
                capAdd: [String] = [], capDrop: [String] = [], seccomp: String = "default", noNewPrivileges: Bool = false, usernsRemap: Bool = false,
                initProcess: Bool = false, autoRemove: Bool = false, detach: Bool = false, interactive: Bool = false,
                tty: Bool = false, systemd: AppSystemdMode = .standard, ipv4Address: String? = nil) {
        self.image = image
        self.name = name
        self.command = command
        self.entrypoint = entrypoint
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.hostname = hostname
        self.volumes = volumes
        self.tmpfs = tmpfs.isEmpty ? nil : tmpfs
        self.ports = ports
        self.networks = networks
        self.ipv4Address = ipv4Address
        self.memoryBytes = memoryBytes
        self.pidsLimit = pidsLimit
        self.cpus = cpus
        self.readOnly = readOnly
        self.capAdd = capAdd
        self.capDrop = capDrop
        self.seccomp = seccomp
        self.noNewPrivileges = noNewPrivileges ? true : nil
        self.usernsRemap = usernsRemap
        self.initProcess = initProcess
        self.autoRemove = autoRemove
        self.detach = detach
        self.interactive = interactive
        self.tty = tty
        self.systemd = systemd == .standard ? nil : systemd
    }

    /// Whether the container runs on a pty (`-t`).
    public var allocatesTerminal: Bool { tty ?? false }

    /// `--systemd` as given, or its default.
    public var systemdMode: AppSystemdMode { systemd ?? .standard }
}

/// The id range `--userns=remap` maps container root to, as Docker's `dockremap` default.
public enum AppUserNamespace {
    public static let hostID: UInt32 = 100_000
    public static let size: UInt32 = 65_536
}
