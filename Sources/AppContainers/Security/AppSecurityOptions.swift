import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// Which seccomp filter a container gets (`--security-opt seccomp=...`).
public enum AppSeccompChoice: Sendable, Equatable {
    /// Docker's default allowlist, widened by the capabilities the container holds.
    case `default`
    /// No filter at all (`seccomp=unconfined`).
    case unconfined
    /// A Docker-format JSON profile.
    case file(String)

    /// Parses the value of `--security-opt seccomp=VALUE`.
    public init(optionValue: String) {
        switch optionValue {
        case "unconfined": self = .unconfined
        case "", "default", "builtin": self = .default
        default: self = .file(optionValue)
        }
    }

    /// The value `init(optionValue:)` reads back as this choice.
    public var optionValue: String {
        switch self {
        case .default: "default"
        case .unconfined: "unconfined"
        case .file(let path): path
        }
    }
}

/// The security flags of `cbench app run/create`, resolved and checked at construction, and
/// applied to a `LaunchSpec` and a cgroup. Call `init` while parsing arguments (an unknown
/// capability fails before anything is made), `cgroupDeviceRules` when creating the cgroup,
/// and `apply(to:)` once the spec has its args, rootfs and namespaces.
public struct AppSecurityOptions: Sendable, Equatable {
    public var capAdd: [String]
    public var capDrop: [String]
    public var seccomp: AppSeccompChoice
    public var readOnlyRoot: Bool
    /// Every capability, no seccomp filter, no masked or read-only paths, every device.
    public var privileged: Bool
    /// `--security-opt no-new-privileges`: setuid binaries no longer raise privileges.
    public var noNewPrivileges: Bool
    /// The capabilities the container ends with (from capAdd/capDrop, or all when privileged),
    /// within what the host has.
    public let capabilities: Set<UInt32>
    /// What `--cap-add ALL` or `privileged` asked for but the host's bounding set lacks: left
    /// out with a warning, as podman does, rather than failing with EPERM.
    public let capabilitiesLeftOut: Set<UInt32>

    /// `hostBoundingSet` is read only when capabilities are added (the defaults are in every
    /// host's set); a capability added by name that the host lacks is an error.
    public init(capAdd: [String] = [], capDrop: [String] = [], seccomp: AppSeccompChoice = .default,
                readOnlyRoot: Bool = false, privileged: Bool = false, noNewPrivileges: Bool = false,
                hostBoundingSet: () -> Set<UInt32> = Capability.boundingSetOfThisProcess) throws(CoreError) {
        self.capAdd = capAdd
        self.capDrop = capDrop
        self.seccomp = seccomp
        self.readOnlyRoot = readOnlyRoot
        self.privileged = privileged
        self.noNewPrivileges = noNewPrivileges
        let wanted = privileged ? Set(0...Capability.lastKnown)
            : try AppSecurity.resolveCapabilities(add: capAdd, drop: capDrop)
        guard privileged || !capAdd.isEmpty else {
            capabilities = wanted
            capabilitiesLeftOut = []
            return
        }
        let limited = try AppSecurity.limitToHost(wanted, named: privileged ? [] : capAdd, available: hostBoundingSet())
        capabilities = limited.kept
        capabilitiesLeftOut = limited.leftOut
    }

    /// The line to print when capabilities were left out; nil when none were.
    public var capabilityWarning: String? {
        guard !capabilitiesLeftOut.isEmpty else { return nil }
        let names = capabilitiesLeftOut.sorted().map(Capability.name(of:)).joined(separator: ", ")
        let what = privileged ? "privileged" : "--cap-add ALL"
        return "warning: \(what): this host's bounding set lacks \(names); the container runs without \(capabilitiesLeftOut.count == 1 ? "it" : "them")"
    }

    /// Parses `--security-opt` values: `seccomp=unconfined|FILE`, `no-new-privileges[=true|false]`
    /// (and Docker's older `no-new-privileges:true`). Others are refused with a one-line error.
    public mutating func applySecurityOpt(_ value: String) throws(CoreError) {
        let separator = value.firstIndex(where: { $0 == "=" || $0 == ":" })
        let key = separator.map { String(value[..<$0]) } ?? value
        let argument = separator.map { String(value[value.index(after: $0)...]) }
        switch key {
        case "seccomp":
            seccomp = AppSeccompChoice(optionValue: argument ?? "")
        case "no-new-privileges":
            switch argument {
            case nil, "true": noNewPrivileges = true
            case "false": noNewPrivileges = false
            default: throw CoreError(stage: "--security-opt", errno: EINVAL, detail: "no-new-privileges takes true or false, not '\(argument ?? "")'")
            }
        default:
            throw CoreError(stage: "--security-opt", errno: EINVAL,
                            detail: "'\(value)' is not supported; use seccomp=unconfined, seccomp=FILE or no-new-privileges")
        }
    }

    /// The rules for `CgroupResources.devices` (v1 devices cgroup; on v2 give them to
    /// `CgroupDeviceProgram.attach`).
    public var cgroupDeviceRules: [CgroupDeviceRule] {
        privileged ? AppSecurity.privilegedCgroupDeviceRules : AppSecurity.cgroupDeviceRules
    }

    /// The seccomp profile this container gets; nil means no filter.
    public func seccompProfile(kernelVersion: (Int, Int)? = DockerSeccompProfile.hostKernelVersion()) throws(CoreError) -> SeccompProfile? {
        if privileged { return nil }
        switch seccomp {
        case .unconfined: return nil
        case .default: return AppSecurity.seccompProfile(capabilities: capabilities)
        case .file(let path): return try DockerSeccompProfile.load(path: path, capabilities: capabilities, kernelVersion: kernelVersion)
        }
    }

    /// Sets capabilities, the compiled seccomp program, masked and read-only paths, the default
    /// mounts (before any the spec already has, so volumes land on top of them), /dev
    /// population and the read-only root. Call after rootfs and user are set; then call
    /// `spec.expandingCgroupMounts(for: cgroup)`. Throws before changing `spec` on a bad profile.
    public func apply(to spec: inout LaunchSpec, cache: SeccompProgramCache? = SeccompProgramCache()) throws(CoreError) {
        var program: SeccompProgram?
        if let profile = try seccompProfile() {
            if let cache { program = try cache.program(for: profile) } else { program = try profile.compile() }
        }
        var sets = AppSecurity.capabilitySets(capabilities)
        if spec.user.uid != 0 {
            // As Docker does since 23.0: a non-root user keeps only the bounding set, so a
            // file capability or setuid binary can raise it, but it starts with nothing.
            sets.effective = []
            sets.permitted = []
        }
        spec.capabilities = sets
        spec.seccomp = program
        spec.noNewPrivileges = noNewPrivileges
        spec.maskedPaths = privileged ? [] : AppSecurity.maskedPaths
        spec.readonlyPaths = privileged ? [] : AppSecurity.readonlyPaths
        let defaults = AppSecurity.defaultMounts.map { mount in
            var mount = mount
            // A privileged container's /sys is writable, as with Docker.
            if privileged && (mount.type == "sysfs" || mount.type == "cgroup") { mount.options.removeAll { $0 == "ro" } }
            return mount
        }
        let destinations = Set(spec.mounts.map(\.destination))
        spec.mounts = defaults.filter { !destinations.contains($0.destination) } + spec.mounts
        spec.populateDev = true
        if readOnlyRoot { spec.rootfs?.readonly = true }
    }
}
