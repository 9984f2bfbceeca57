import NamespaceCore

/// A system container halts into its store and boots again from the same root.
extension SystemContainerTarget: RestartingTarget {
    public var restartMeans: String { "cbench system start, attach and stop of one container, twice (its root stays in the store)" }
}

/// `cbench system clone`: a full copy of the stopped container's root (reflinks where the
/// file system has them) and config under a new name.
extension SystemContainerTarget: CloningTarget {
    public var cloneMeans: String { "cbench system clone of the stopped container: a full copy of its root (reflinks where the file system has them)" }

    public func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer {
        let clone = PreparedContainer(id: id, bundle: "\(context.workDirectory)/system-\(id)", cgroupPath: runtime.store.cgroupPath(of: id),
                                      workload: container.workload)
        try FileIO.makeDirectories(clone.bundle, mode: 0o755)
        do {
            try runtime.clone(container.id, to: id)
        } catch {
            cleanup(clone)
            throw error
        }
        return clone
    }
}
