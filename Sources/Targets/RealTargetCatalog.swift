import Foundation

/// The external runtimes beyond runc and crun, by name: LXC, podman on crun and on runc,
/// and Docker. `TargetCatalog` lists them after its own.
public enum RealTargetCatalog {
    public static let names = [LXCTarget.targetName, "podman-crun", "podman-runc", DockerTarget.targetName]

    public static func target(named name: String, context: TargetContext,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> (any ContainerTarget)? {
        switch name {
        case LXCTarget.targetName:
            return LXCTarget(context: context, environment: environment)
        case "podman-crun":
            return PodmanTarget(runtime: "crun", context: context, environment: environment)
        case "podman-runc":
            return PodmanTarget(runtime: "runc", context: context, environment: environment)
        case DockerTarget.targetName:
            return DockerTarget(context: context, daemon: DockerDaemon(environment: environment))
        default:
            return nil
        }
    }
}
