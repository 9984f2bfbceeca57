#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

/// Runs application containers of an `AppStore`: create, start (foreground or under a
/// detached supervisor), stop, kill, remove, exec, list, logs, inspect. Each CLI call stands
/// alone; the store's records and the live run state link them.
public struct AppRuntime: Sendable {
    public typealias ImageResolver = @Sendable (String) throws -> ResolvedImage

    public let store: AppStore
    public let resolveImage: ImageResolver
    /// argv prefix of this program for the hidden `_supervise ID` command of detached runs
    /// (default: /proc/self/exe app).
    public var supervisorCommand: [String]
    public var networking: any AppContainerNetworking
    /// Where warnings go (a capability the host lacks, left out); the CLI prints them.
    public var warn: @Sendable (String) -> Void = { _ in }
    /// Signals that stop a foreground container instead of reaching it (a build's RUN step,
    /// whose shell as pid 1 would ignore SIGTERM): it is killed with its pid namespace, and
    /// `run` removes it and throws `AppRunStopped`.
    public var stoppingSignals: Set<Int32> = []

    public init(store: AppStore = .fromEnvironment(), resolveImage: @escaping ImageResolver,
                supervisorCommand: [String]? = nil, networking: (any AppContainerNetworking)? = nil) {
        self.store = store
        self.resolveImage = resolveImage
        self.supervisorCommand = supervisorCommand ?? [(try? CBenchExecutable.locate()) ?? "cbench", "app"]
        self.networking = networking ?? RealAppContainerNetworking(networkStoreRoot: store.root + "/networks")
    }

    /// Named volumes, beside the containers.
    public var volumeStore: VolumeStore { VolumeStore(root: store.root + "/volumes") }

    /// Resolves the image, checks what can be checked before anything is made (security
    /// flags, networks), then makes the container's directory, name and files.
    public func create(_ config: AppContainerConfig) throws -> AppContainerRecord {
        try validate(config)
        let image = try resolveImage(config.image)
        return try store.create(config: config, image: image)
    }

    func validate(_ config: AppContainerConfig) throws {
        try config.validateLimits()
        let security = try securityOptions(for: config)
        if let warning = security.capabilityWarning { warn(warning) }
        // A profile file is read here, so a missing or bad one stops create as it stops run,
        // not the first start of a container already made.
        if case .file = security.seccomp { _ = try security.seccompProfile() }
        try networking.validate(networks: config.networks)
        _ = try config.requestedAddress()
        try volumeStore.check(try config.volumes.map { text throws(CoreError) in try VolumeMount(parsing: text) })
        _ = try (config.tmpfs ?? []).map { text throws(CoreError) in try TmpfsMount(parsing: text) }
        _ = try config.ports.map { text throws(CoreError) in try PortMapping(parsing: text) }
        if config.initProcess && InitLocator.find() == nil {
            throw CoreError(stage: "--init", errno: ENOENT, detail: "cbench-init not found; build it with Scripts/build-probe or set CBENCH_INIT")
        }
    }

    func securityOptions(for config: AppContainerConfig) throws(CoreError) -> AppSecurityOptions {
        try AppSecurityOptions(capAdd: config.capAdd, capDrop: config.capDrop,
                               seccomp: AppSeccompChoice(optionValue: config.seccomp), readOnlyRoot: config.readOnly,
                               noNewPrivileges: config.noNewPrivileges ?? false)
    }
}

/// How containers join networks. The network code implements it; `NoAppNetworking` knows
/// only `none` (the default: a namespace with loopback alone).
public protocol AppContainerNetworking: Sendable {
    /// Fails (before anything is made) on a network that does not exist.
    func validate(networks: [String]) throws
    /// Wires the container while its process waits before execve; returns the host links made.
    func connect(_ record: AppContainerRecord, store: AppStore, pid: Int32) throws -> [String]
    /// Undoes `connect`; never throws.
    func disconnect(_ record: AppContainerRecord, store: AppStore, hostLinks: [String])
}

public struct NoAppNetworking: AppContainerNetworking {
    public init() {}

    public func validate(networks: [String]) throws {
        for name in networks where name != "none" {
            throw CoreError(stage: "network \(name)", errno: ENOENT,
                            detail: "no such network; create it with `cbench app network create \(name)` or use --network none")
        }
    }

    public func connect(_ record: AppContainerRecord, store: AppStore, pid: Int32) throws -> [String] { [] }
    public func disconnect(_ record: AppContainerRecord, store: AppStore, hostLinks: [String]) {}
}
