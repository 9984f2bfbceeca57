import Checkpoints
import NamespaceCore

/// A target that moves a running container to another place (a second state root on this
/// host; a lab host once there are lab hosts) while a client talks to it over the network.
public protocol MigratingTarget: ContainerTarget {
    /// nil when `strategy` works with this target here, else why not.
    func migrationSupport(_ strategy: MigrationStrategy) -> String?
    /// Like `prepare`, with a network the client on the host reaches: the container gets
    /// `network.address` on bridge `network.bridge`, which the host joins.
    func prepareMigratable(_ workload: ContainerWorkload, id: String, network: MigrationNetwork) throws -> PreparedContainer
    /// Starts the container and its workload (beside the init where there is one).
    func startMigratable(_ container: PreparedContainer) throws -> ContainerRun
    /// Moves the running container as `strategy` says; it runs at the destination afterwards.
    /// A failure says at which stage and where the container stands.
    func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun
    /// What one migration of this target covers (the steps, where, which daemons), for the
    /// report beside every figure.
    var migrationCoverage: String { get }
    /// Whether `migrate` can keep an established TCP connection (`--tcp-established`); the
    /// scenario opens none for a target that cannot, and says so.
    var keepsTCPConnections: Bool { get }
}

extension MigratingTarget {
    public var keepsTCPConnections: Bool { true }
}

/// The bridge and address a migrating container keeps wherever it runs.
public struct MigrationNetwork: Sendable, Equatable {
    public var bridge: String
    /// The container's IPv4 address with its prefix, e.g. `10.213.0.2/24`.
    public var address: String

    public init(bridge: String, address: String) {
        self.bridge = bridge
        self.address = address
    }

    /// The address alone, as a client connects to it.
    public var host: String { String(address.prefix { $0 != "/" }) }
}

/// What one migration took: a phase per step, the bytes copied and CRIU's own times.
public struct MigrationRun: Sendable, Equatable {
    public var phases: [Phase]
    /// Finer spans inside the phases, where the destination reports them (the parts of a
    /// `cbench system restore`: CRIU, the announce, the lazy pages); see `stepSpans`.
    public var parts: [Phase]
    public var bytesMoved: UInt64
    /// The dump's frozen time plus the restore's time, from CRIU's statistics.
    public var frozenMilliseconds: Double?
    /// Pages the dump wrote and the restore took in lazily (post-copy).
    public var pagesWritten: UInt64?
    public var pagesLazy: UInt64?

    public init(phases: [Phase], parts: [Phase] = [], bytesMoved: UInt64, frozenMilliseconds: Double?, pagesWritten: UInt64? = nil,
                pagesLazy: UInt64? = nil) {
        self.phases = phases
        self.parts = parts
        self.bytesMoved = bytesMoved
        self.frozenMilliseconds = frozenMilliseconds
        self.pagesWritten = pagesWritten
        self.pagesLazy = pagesLazy
    }

    public var totalMilliseconds: Double? {
        phases.spanMilliseconds
    }
}
