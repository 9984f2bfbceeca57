import Glibc
import NamespaceCore
import SystemContainers

/// LXC keeps booted system containers as `lxc-copy -s` clones do: an overlay over the shared
/// root whose delta holds the same readiness marker cbench's own system containers use, so
/// both count a container as booted at the same point. Each container keeps its LXC monitor
/// (`lxc-start` after it daemonized) on the host.
extension LXCTarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.busyboxSystem, .debianSystem] }
    public var densityHelpers: DensityHelpers { DensityHelpers(perContainer: LXCTarget.monitorCommands) }
    static let monitorCommands: Set<String> = ["lxc-start"]

    public func prepareIdle(_ container: IdleContainer, id: String) throws -> PreparedContainer {
        let prepared = try prepare(ContainerWorkload(args: ["/sbin/init"], rootfs: container.rootfs), id: id)
        do {
            let template: SystemTemplate = container.kind == .debianSystem ? .debian : .busybox
            try template.prepareOverlayUpper(lower: container.rootfs, upper: prepared.bundle + "/delta", name: id,
                                             release: container.kind == .debianSystem ? .bookworm : nil)
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func startIdle(_ container: PreparedContainer) throws {
        _ = try startUntilRunning(container)
        try IdleProcesses.waitForMarker(SystemTemplate.busyboxReadinessMarker, cgroup: container.cgroupPath,
                                        container: container.id, timeout: 60)
        IdleProcesses.recordMonitor(of: container, named: LXCTarget.monitorCommands)
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        _ = try stop(container)
        IdleProcesses.reapRecordedMonitor(of: container)
        Cgroup.removeAbandoned(path: container.cgroupPath)
        RealTargetSupport.removeOwnedTree(container.bundle)
        // The run's lxcpath lies outside its state root: the last container out removes it.
        ProjectDirectories.removeIfEmpty([lxcPath, LXCTarget.lxcParent])
    }

    public func idleCgroup(_ container: PreparedContainer) -> String? { container.cgroupPath }
}
