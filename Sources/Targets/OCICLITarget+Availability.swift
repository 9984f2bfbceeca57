import Foundation
import NamespaceCore

extension OCICLITarget {
    /// Installed, prints a version, and runs one busybox `true` container here: crun 1.8 on a
    /// hybrid host, for example, is installed but refuses every container.
    public func availability() -> TargetAvailability {
        guard let path = ExecutablePath.find(executable, environment: environment) else {
            return .unavailable(reason: "\(executable) is not installed")
        }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        if let reason = context.makeWorkDirectory() { return .unavailable(reason: reason) }
        let versionOutcome = try? Spawn([path, "--version"]).run()
        let version = versionOutcome.flatMap { ToolCheck.parseVersion($0.stdout + $0.stderr) }.map { String($0.split(separator: "\n").first ?? "") }
        let id = "cbench-smoke-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        let workload = ContainerWorkload(args: ["true"], rootfs: context.smokeRootfs)
        var prepared: PreparedContainer?
        defer { if let prepared { cleanup(prepared) } }
        do {
            prepared = try prepare(workload, id: id)
            guard let prepared else { return .unavailable(reason: "could not prepare a bundle") }
            let run = try run(prepared)
            if let exit = run.exit, exit != .exited(0) {
                return .unavailable(reason: "\(name) ran busybox true but it ended with \(exit)")
            }
        } catch {
            return .unavailable(reason: "\(name) cannot run a container here: \(error)" + (hint.map { " (\($0))" } ?? ""))
        }
        return .available(version: version)
    }
}
