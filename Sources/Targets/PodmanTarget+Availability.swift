import Foundation
import NamespaceCore

extension PodmanTarget {
    /// podman and its OCI runtime are installed, and one busybox `true` runs through them.
    /// The version names both, e.g. "podman 4.3.1 (crun 1.8.1)".
    public func availability() -> TargetAvailability {
        guard let path = ExecutablePath.find(executable, environment: environment) else {
            return .unavailable(reason: "\(executable) is not installed (apt-get install podman)")
        }
        guard let runtimePath = ExecutablePath.find(runtime, environment: environment) else {
            return .unavailable(reason: "podman's runtime \(runtime) is not installed")
        }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        if let reason = context.makeWorkDirectory() { return .unavailable(reason: reason) }
        func version(_ binary: String) -> String? {
            (try? Spawn([binary, "--version"]).run())
                .flatMap { RealTargetSupport.versionLine($0.stdout + $0.stderr) }
                .flatMap { ToolCheck.parseVersion($0) }
        }
        let versionText = "podman \(version(path) ?? "unknown") (\(flavour) \(version(runtimePath) ?? "unknown"))"
        return smokeAvailability(version: versionText, rootfs: context.smokeRootfs)
    }
}
