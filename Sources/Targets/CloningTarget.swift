/// A target that makes a new container from a stopped one, its root a snapshot or copy of
/// the original's: what "snapshots and clones" measures. The clone is started with
/// `runAgain`, as a kept container is; `removeClone` removes it and what making it left
/// (a committed image), whatever state it is in.
public protocol CloningTarget: RestartingTarget {
    /// How it clones (the commands and the kind of copy), for the evidence.
    var cloneMeans: String { get }
    /// A new, stopped container named `id` from the stopped `container`.
    func clone(_ container: PreparedContainer, id: String) throws -> PreparedContainer
    func removeClone(_ clone: PreparedContainer)
}

extension CloningTarget {
    public func removeClone(_ clone: PreparedContainer) { cleanup(clone) }
}
