#if canImport(Glibc)
import Glibc
#endif

extension LaunchPlan {
    /// The namespaces the lock stage orders itself (locked_mounts.c): a new user namespace
    /// with new mount and pid namespaces, the rest made or left as the spec says, nothing joined.
    static func lockStage(_ spec: LaunchSpec, create: UInt64, joins: [NamespaceSpec]) throws(CoreError) -> String? {
        guard let stage = spec.lockingStage else { return nil }
        let needed: [NamespaceKind] = [.user, .mount, .pid]
        if let missing = needed.first(where: { create & $0.cloneFlag == 0 }) {
            throw CoreError(stage: "launch spec", errno: EINVAL,
                            detail: "a locking stage needs new user, mount and pid namespaces; \(missing.rawValue) is not created")
        }
        if !joins.isEmpty || create & NamespaceKind.time.cloneFlag != 0 {
            throw CoreError(stage: "launch spec", errno: EINVAL, detail: "a locking stage joins no namespace and makes no time namespace")
        }
        guard stage.hasPrefix("/"), !stage.utf8.contains(0) else {
            throw CoreError(stage: "launch spec", errno: EINVAL, detail: "locking stage \(stage) is not an absolute path")
        }
        return stage
    }
}
