import Foundation
import NamespaceCore

extension LXCTarget {
    /// Installed, prints its version, and runs one busybox `true` through `lxc-execute` here.
    public func availability() -> TargetAvailability {
        for name in ["lxc-start", "lxc-execute", "lxc-attach", "lxc-wait", "lxc-stop"] {
            guard ExecutablePath.find(tool(name), environment: environment) != nil else {
                return .unavailable(reason: "\(tool(name)) is not installed (apt-get install lxc)")
            }
        }
        guard FileManager.default.fileExists(atPath: LXCTarget.commonConfig) else {
            return .unavailable(reason: "\(LXCTarget.commonConfig) is missing: LXC is installed incompletely")
        }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        if let reason = context.makeWorkDirectory() { return .unavailable(reason: reason) }
        let versionOutcome = try? Spawn([tool("lxc-start"), "--version"]).run()
        let version = versionOutcome.flatMap { RealTargetSupport.versionLine($0.stdout + $0.stderr) }.map { "lxc \($0)" }
        let workload = ContainerWorkload(args: ["true"], rootfs: context.smokeRootfs)
        let id = "cbench-smoke-lxc-\(UInt32.random(in: 0...UInt32.max))"
        var prepared: PreparedContainer?
        defer { if let prepared { cleanup(prepared) } }
        do {
            prepared = try prepare(workload, id: id)
            guard let prepared else { return .unavailable(reason: "could not prepare a container") }
            let run = try run(prepared)
            if let exit = run.exit, exit != .exited(0) {
                return .unavailable(reason: "lxc-execute of busybox true ended with \(exit): \(run.stderr.firstLine())")
            }
        } catch {
            return .unavailable(reason: "lxc cannot run a container here: \(error)")
        }
        return .available(version: version)
    }
}
