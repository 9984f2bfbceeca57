import Checkpoints
import Targets

/// Where the migration kind moves a container: on this host, or between two lab hosts.
public enum MigrationHosts: String, Sendable, CaseIterable {
    /// The target's own move on this host (cbench-system: between two state roots; the real
    /// runtimes: checkpoint then restore).
    case one
    /// From one lab host to another, the client on a third (`MigrationLab`).
    case lab
}

/// The steps of one migration where it happens, and where the client reaches the service.
protocol MigrationPlace {
    /// The service's address.
    var address: String { get }
    /// The network namespace the client sends from (nil: this host's).
    var clientNamespace: String? { get }
    func start(_ container: PreparedContainer) throws -> ContainerRun
    func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun
}

/// On this host: the migration bridge the host joins.
struct MigrationPlaceOnHost: MigrationPlace {
    let target: any MigratingTarget

    var address: String { MigrationKind.network.host }
    var clientNamespace: String? { nil }
    func start(_ container: PreparedContainer) throws -> ContainerRun { try target.startMigratable(container) }
    func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        try target.migrate(container, strategy: strategy, tcpEstablished: tcpEstablished)
    }
}

/// Between lab hosts: the overlay address, the client on the lab's third host.
struct MigrationPlaceOnLab: MigrationPlace {
    let target: any LabMigratingTarget
    let lab: MigrationLab

    var address: String { lab.containerAddress.address.description }
    var clientNamespace: String? { lab.clientNamespace }
    func start(_ container: PreparedContainer) throws -> ContainerRun { try target.startOnLab(container, lab: lab) }
    func migrate(_ container: PreparedContainer, strategy: MigrationStrategy, tcpEstablished: Bool) throws -> MigrationRun {
        try target.migrateOnLab(container, lab: lab, strategy: strategy, tcpEstablished: tcpEstablished)
    }
}
