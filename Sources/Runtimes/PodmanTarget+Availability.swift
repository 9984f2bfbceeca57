import Foundation
import NamespaceCore

extension PodmanTarget {
    /// podman and its OCI runtime are installed, and one busybox `true` runs through them.
    /// The version names both, e.g. "podman 4.3.1 (crun 1.8.1)".
    public func availability() -> TargetAvailability {
        guard let path = ChildCommand.which(executable, environment: environment) else {
            return .unavailable(reason: "\(executable) is not installed (apt-get install podman)")
        }
        guard let runtimePath = ChildCommand.which(runtime, environment: environment) else {
            return .unavailable(reason: "podman's runtime \(runtime) is not installed")
        }
        guard FileManager.default.fileExists(atPath: context.smokeRootfs + "/bin/busybox") else {
            return .unavailable(reason: "no busybox root file system at \(context.smokeRootfs) (make setup)")
        }
        do {
            try FileManager.default.createDirectory(atPath: context.workDirectory, withIntermediateDirectories: true)
        } catch {
            return .unavailable(reason: "cannot create \(context.workDirectory): \(error)")
        }
        func version(_ binary: String) -> String? {
            (try? ChildCommand([binary, "--version"]).run(scratchIn: context.workDirectory))
                .flatMap { RealTargetSupport.versionLine($0.stdout + $0.stderr) }
                .flatMap { ToolCheck.parseVersion($0) }
        }
        let versionText = "podman \(version(path) ?? "unknown") (\(runtime) \(version(runtimePath) ?? "unknown"))"
        let id = "cbench-smoke-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        var prepared: PreparedContainer?
        defer { if let prepared { cleanup(prepared) } }
        do {
            prepared = try prepare(ContainerWorkload(args: ["true"], rootfs: context.smokeRootfs), id: id)
            guard let prepared else { return .unavailable(reason: "could not prepare a container") }
            let run = try run(prepared)
            if let exit = run.exit, exit != .exited(0) {
                finish()
                return .unavailable(reason: "\(name) ran busybox true but it ended with \(exit): \(ChildCommand.firstLine(run.stderr))")
            }
        } catch {
            finish()
            return .unavailable(reason: "\(name) cannot run a container here: \(error)")
        }
        return .available(version: versionText)
    }
}
