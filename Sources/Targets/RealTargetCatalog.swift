import Foundation

/// The external runtimes beyond runc and crun, by name: LXC, podman on crun, on runc and on
/// cbench-oci, and Docker on runc and on cbench-oci. `TargetCatalog` lists them after its own.
public enum RealTargetCatalog {
    public static let names = [LXCTarget.targetName, "podman-crun", "podman-runc", "podman-cbench",
                               DockerTarget.targetName, DockerTarget.cbenchTargetName]

    public static func target(named name: String, context: TargetContext,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> (any ContainerTarget)? {
        switch name {
        case LXCTarget.targetName:
            return LXCTarget(context: context, environment: environment)
        case "podman-crun":
            return PodmanTarget(runtime: "crun", context: context, environment: environment)
        case "podman-runc":
            return PodmanTarget(runtime: "runc", context: context, environment: environment)
        case "podman-cbench":
            return PodmanTarget(runtime: TargetCatalog.cbenchOCIExecutable(environment: environment), flavour: "cbench",
                                context: context, environment: environment)
        case DockerTarget.targetName:
            return DockerTarget(context: context, daemon: DockerDaemon(environment: environment))
        case DockerTarget.cbenchTargetName:
            return DockerTarget(context: context, daemon: DockerDaemon(environment: environment), runtime: DockerDaemon.cbenchRuntimeName)
        default:
            return nil
        }
    }
}
