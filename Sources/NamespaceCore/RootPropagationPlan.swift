/// How the container's root gets the propagation `linux.rootfsPropagation` asks for.
/// pivot_root fails with EINVAL while the current root or the new root's parent mount is
/// shared, and a bind of an unbindable mount fails too; so for shared and unbindable the
/// namespace is made rprivate before the root is bound and pivoted, and the mode is applied to
/// the new root afterwards (runc applies it after the pivot as well). Private and slave need no
/// second step. Making it private first also keeps the container's own mounts (proc, /dev)
/// from propagating back into the host's mount namespace.
public struct RootPropagationPlan: Sendable, Equatable {
    /// Applied to the caller's copy of `/` in the new namespace, before anything is mounted.
    public var beforePivot: UInt
    /// Applied to the new `/` right after pivot_root; 0 for none.
    public var afterPivot: UInt

    public init(_ propagation: MountPropagation) {
        let requested = MountOptions.flags(for: propagation)
        switch propagation {
        case .shared, .rshared, .unbindable, .runbindable:
            beforePivot = MountFlag.private | MountFlag.recursive
            afterPivot = requested
        case .private, .rprivate, .slave, .rslave:
            beforePivot = requested
            afterPivot = 0
        }
    }
}
