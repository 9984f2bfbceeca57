import Foundation
import Glibc
import NamespaceCore
import SystemContainers

/// cbench-system keeps booted system containers: each an overlay over the shared template
/// root (`create --snapshot`, as LXC's `lxc-copy -s`), started in process and counted as
/// booted once its readiness marker exists (busybox: after rcS, with syslogd and httpd
/// respawning; Debian: after multi-user.target). Nothing stays on the host beside the
/// container: its state is in files.
extension SystemContainerTarget: DensityTarget {
    public var idleKinds: Set<IdleContainer.Kind> { [.busyboxSystem, .debianSystem] }
    public var densityHelpers: DensityHelpers { .none }

    public func prepareIdle(_ container: IdleContainer, id: String) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)",
                                         cgroupPath: runtime.store.cgroupPath(of: id), workload: container.appWorkload)
        do {
            try FileIO.makeDirectories(prepared.bundle)
            if container.kind == .debianSystem {
                try runtime.store.create(name: id, template: .debian, release: .bookworm, privileged: true, snapshot: true)
            } else {
                try runtime.store.create(name: id, template: .busybox, privileged: true, snapshot: true)
            }
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    public func startIdle(_ container: PreparedContainer) throws {
        let record = try runtime.start(name: container.id)
        try FileIO.write(container.pidFilePath, Array("\(record.pid)".utf8))
        try runtime.wait(name: container.id, booted: true, timeout: 60)
    }

    public func removeIdle(_ container: PreparedContainer) throws {
        try runtime.destroy(name: container.id, force: true)
        reapInit(container)
        try? FileIO.removeTree(container.bundle)
    }

    public func idleCgroup(_ container: PreparedContainer) -> String? { container.cgroupPath }

    /// The init was started by this process: once killed it is ours to reap. Bounded, so a
    /// cleanup after a failed kill never hangs on an init that still runs.
    func reapInit(_ container: PreparedContainer) {
        guard let bytes = try? FileIO.read(container.pidFilePath, limit: 64),
              let pid = Int32(String(decoding: bytes, as: UTF8.self)) else { return }
        ProcessReaping.reap(pid, waitingAtMost: 2)
        unlink(container.pidFilePath)
    }
}
