import Glibc
import NamespaceCore

/// `cbench system export` of the stopped container to a tarball, `import` of it into a
/// second store of the run (the one a migration lands in), and a boot there.
extension SystemContainerTarget: ImagingTarget {
    public var imageMeans: String {
        "cbench system export of the stopped container to a .tar.gz, import into a second store (\(migrationDestination.store.root)), boot and attach there"
    }

    public func runElsewhere(_ container: PreparedContainer, id: String, archive: String) throws -> ContainerRun {
        let destination = migrationDestination
        try runtime.export(name: container.id, to: archive)
        try destination.importArchive(from: archive, as: id)
        let copy = PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)", cgroupPath: destination.store.cgroupPath(of: id),
                                     workload: container.workload)
        try FileIO.makeDirectories(copy.bundle, mode: 0o755)
        var run = try bootAndAttach(copy, on: destination)
        run.phases.append(try timed("halt") { _ = try destination.stop(name: id, timeout: 10) })
        return run
    }

    public func removeElsewhere(_ container: PreparedContainer, id: String, archive: String) {
        cleanup(PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)", cgroupPath: migrationDestination.store.cgroupPath(of: id),
                                  workload: container.workload))
        unlink(archive)
    }
}
