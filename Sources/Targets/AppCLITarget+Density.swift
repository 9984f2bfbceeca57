import AppContainers
import NamespaceCore

/// `cbench app` keeps idle containers as a user would: `cbench app run -d --read-only`, removed with
/// `cbench app rm -f`. The store's one monitor waits for all of them, counted in full.
extension AppCLITarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.app] }
    public var densityHelpers: DensityHelpers { DensityHelpers(perContainer: AppCLITarget.monitorCommands) }

    /// The command names of what waits for detached containers: the store's monitor, or the
    /// full `cbench app _supervise` of a container that publishes ports.
    static let monitorCommands: Set<String> = ["cbench-monitor", "cbench"]

    /// The idle container's root is the shared image read-only, as the OCI targets' bundles
    /// have it (`--read-only`: the layer bound, no overlay of its own; AppLayerRoot).
    public func startIdle(_ container: PreparedContainer) throws {
        _ = try startDetached(container, arguments: DockerStyleArguments.readOnlyRoot(runArguments(container, detached: true)))
    }

    public func idleCgroup(_ container: PreparedContainer) -> String? {
        let store = AppStore(root: storeRoot, runRoot: runRoot)
        return (try? store.resolve(container.id)).map { store.cgroupPath(of: $0) }
    }
}
