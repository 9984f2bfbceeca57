/// How a target maps container root to an unprivileged host uid when a workload asks for a
/// user namespace (`ContainerWorkload.userNamespace`), in the target's own terms: the option
/// its driver passes. Nil where it has none per container (Docker: userns-remap is a daemon
/// setting for every container).
public enum UserMappingOption {
    public static func of(_ target: any ContainerTarget) -> String? {
        let host = ContainerWorkload.userNamespaceHostID, size = ContainerWorkload.userNamespaceSize
        switch target {
        case is PodmanTarget: return "podman run --uidmap 0:\(host):\(size) --gidmap 0:\(host):\(size)"
        case is LXCTarget, is SystemContainerTarget: return "lxc.idmap = u 0 \(host) \(size) and g 0 \(host) \(size) in the container's config"
        case is OCICLITarget: return "a user namespace with linux.uidMappings/gidMappings 0 \(host) \(size) in config.json"
        case is AppCLITarget: return "\(target.name) run --userns remap"
        default: return nil
        }
    }
}
