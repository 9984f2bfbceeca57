/// The runtime-spec hook points, in lifecycle order, with where each runs and what its
/// failure means (config.md "POSIX-platform Hooks").
public enum HookKind: String, Sendable, CaseIterable {
    case prestart, createRuntime, createContainer, startContainer, poststart, poststop

    /// createContainer and startContainer run in the container's namespaces; the rest in the
    /// runtime's.
    public var runsInContainer: Bool { self == .createContainer || self == .startContainer }

    /// A failure of these stops the container with an error; poststart and poststop only warn.
    public var failureIsFatal: Bool { self != .poststart && self != .poststop }

    /// The container's status in the state a hook reads on stdin.
    public var status: ContainerStatus {
        switch self {
        case .prestart, .createRuntime, .createContainer: return .creating
        case .startContainer: return .created
        case .poststart: return .running
        case .poststop: return .stopped
        }
    }

    /// The hooks of this kind in `hooks`, in order.
    public func entries(in hooks: RuntimeSpec.Hooks?) -> [RuntimeSpec.Hook] {
        guard let hooks else { return [] }
        switch self {
        case .prestart: return hooks.prestart ?? []
        case .createRuntime: return hooks.createRuntime ?? []
        case .createContainer: return hooks.createContainer ?? []
        case .startContainer: return hooks.startContainer ?? []
        case .poststart: return hooks.poststart ?? []
        case .poststop: return hooks.poststop ?? []
        }
    }

    /// The hooks create runs while the process waits before pivot_root, in this order.
    public static let atCreate: [HookKind] = [.prestart, .createRuntime, .createContainer]
}
