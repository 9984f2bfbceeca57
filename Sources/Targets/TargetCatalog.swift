import Foundation
import NamespaceCore

/// Every target cbench knows, by name, in the order the columns appear.
public enum TargetCatalog {
    public static let names = ["cbench-oci", "cbench-oci-lib", "crun", "runc", "cbench-system", "cbench-app", "cbench-app-lib"] + RealTargetCatalog.names
        + [UmociTarget.targetName, UnshareFloorTarget.targetName, NoopTarget.targetName, HostBaselineTarget.targetName]

    /// The binary `cbench-oci` target runs: `CBENCH_OCI`, else the first in the helper
    /// directories of this program's build tree or install prefix, else PATH.
    public static func cbenchOCIExecutable(environment: [String: String]) -> String {
        if let path = environment["CBENCH_OCI"], !path.isEmpty { return path }
        return InstallLayout.current.helperDirectories.map { $0 + "/cbench-oci" }
            .first(where: ExecutablePath.isExecutableFile) ?? "cbench-oci"
    }

    public static func target(named name: String, context: TargetContext,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> (any ContainerTarget)? {
        switch name {
        case "cbench-oci":
            return OCICLITarget(name: name, executable: cbenchOCIExecutable(environment: environment), context: context, environment: environment)
        case LibraryOCITarget.targetName:
            return LibraryOCITarget(context: context)
        case "crun":
            return OCICLITarget(name: name, executable: "crun", context: context,
                                hint: "on a hybrid cgroup host run make setup, which binds hugetlb to cgroup v1", environment: environment)
        case "runc":
            return OCICLITarget(name: name, executable: "runc", context: context, environment: environment)
        case SystemContainerTarget.targetName:
            return SystemContainerTarget(context: context)
        case AppCLITarget.targetName:
            return AppCLITarget(context: context)
        case AppContainerTarget.targetName:
            return AppContainerTarget(context: context)
        case NoopTarget.targetName:
            return NoopTarget(context: context)
        case UnshareFloorTarget.targetName:
            return UnshareFloorTarget(context: context, environment: environment)
        case HostBaselineTarget.targetName:
            return HostBaselineTarget(context: context)
        case UmociTarget.targetName:
            return UmociTarget(context: context, environment: environment)
        default:
            return RealTargetCatalog.target(named: name, context: context, environment: environment)
        }
    }
}
