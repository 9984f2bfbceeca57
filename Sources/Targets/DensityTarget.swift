import SystemContainers

/// The idle container a density ramp keeps alive, many at once.
public struct IdleContainer: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// busybox `sleep` in the shared read-only root: what app-style targets keep.
        case app
        /// busybox init with its services (syslogd, httpd) in a copy-on-write view of the
        /// shared root: what system-style targets keep.
        case busyboxSystem = "busybox-system"
        /// Debian with systemd as PID 1, in a copy-on-write view of the bootstrapped root.
        case debianSystem = "debian-system"

        public var isSystem: Bool { self != .app }
    }

    public var kind: Kind
    /// The shared root file system: the busybox root, or the Debian root for `debianSystem`.
    public var rootfs: String
    /// The app container's seccomp filter: the target's default or none (`seccomp: none`), so a
    /// ramp can tell what the filter costs per container where a target applies one.
    public var seccomp: WorkloadSeccomp

    public init(kind: Kind, rootfs: String, seccomp: WorkloadSeccomp = .targetDefault) {
        self.kind = kind
        self.rootfs = rootfs
        self.seccomp = seccomp
    }

    /// The process of an idle app container: sleeps until it is killed.
    public static let sleepCommand = ["/bin/sleep", "2147483647"]

    /// The bookworm root `make setup` bootstraps (the debian template's cache).
    public static var debianBookwormRootfs: String { DebianRootfsCache().path(of: .bookworm) }

    /// The workload the target's ordinary `prepare` takes for an app container.
    public var appWorkload: ContainerWorkload { ContainerWorkload(args: Self.sleepCommand, rootfs: rootfs, seccomp: seccomp) }
}

/// A target that can keep many idle containers at once: the density kind starts them one
/// after another (and with parallel workers), measures the host as they pile up, and
/// removes them all. Everything a container costs the host counts, so a target also names
/// the host processes it keeps per container (monitors, shims) and those it shares.
public protocol DensityTarget: ContainerTarget {
    /// The idle containers it can keep.
    var idleKinds: Set<IdleContainer.Kind> { get }
    /// Makes one ready to start, outside the timed part (bundle, config, copy-on-write
    /// directories). `cleanup` removes it whatever state it is in.
    func prepareIdle(_ container: IdleContainer, id: String) throws -> PreparedContainer
    /// Starts it and returns once it runs (app) or has booted (system: the readiness
    /// marker its init writes once the services are up).
    func startIdle(_ container: PreparedContainer) throws
    /// Stops and deletes it, leaving nothing; returns once that is done.
    func removeIdle(_ container: PreparedContainer) throws
    /// The container's cgroup relative to each hierarchy root, where its memory is charged;
    /// nil when the target does not place it where we can find it.
    func idleCgroup(_ container: PreparedContainer) -> String?
    /// The host processes it keeps beside the containers.
    var densityHelpers: DensityHelpers { get }
}

extension DensityTarget {
    /// An app container through the target's ordinary prepare, start-until-running and stop.
    public func prepareIdle(_ container: IdleContainer, id: String) throws -> PreparedContainer {
        try prepare(container.appWorkload, id: id)
    }

    public func startIdle(_ container: PreparedContainer) throws {
        _ = try startUntilRunning(container)
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        _ = try stop(container)
    }
}

/// Host processes a target keeps, by command name (`/proc/PID/comm`, at most 15 bytes):
/// `perContainer` are started for each container (conmon, containerd-shim, the LXC
/// monitor, cbench's monitor); `shared` serve them all (dockerd, containerd); `exited` are
/// the runtime's own processes that daemonize for a start, exit once it is done and come
/// back to the runner (a subreaper) as zombies (crun's child of `run --detach`): they are
/// no cost of a container, so the density kind reaps them before it reads the host.
public struct DensityHelpers: Sendable, Equatable {
    public var perContainer: Set<String>
    public var shared: Set<String>
    public var exited: Set<String>

    public init(perContainer: Set<String> = [], shared: Set<String> = [], exited: Set<String> = []) {
        self.perContainer = perContainer
        self.shared = shared
        self.exited = exited
    }

    public static let none = DensityHelpers()
}

/// Reaps helpers of a target that exited and came back to the runner (a subreaper) without
/// anyone waiting for them: one pass over /proc. Per-container helpers (monitors) once a
/// teardown is done; the runtime's exited processes only from sessions not ours, so a
/// runtime command another worker is about to wait for is never taken.
public enum DensityReaping {
    @discardableResult
    public static func reapExitedHelpers(_ helpers: DensityHelpers) -> Int {
        ZombieReaper.reapOrphans(named: helpers.perContainer, daemonizedNamed: helpers.exited)
    }
}
