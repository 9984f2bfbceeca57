import NamespaceCore

extension RunScopedTarget {
    /// Runs busybox `true` once in `rootfs`: a target counts as available only when it really
    /// runs a container here. On failure what the target set up for the run is undone.
    func smokeAvailability(version: String, rootfs: String) -> TargetAvailability {
        let id = "cbench-smoke-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        var prepared: PreparedContainer?
        defer { if let prepared { cleanup(prepared) } }
        do {
            prepared = try prepare(ContainerWorkload(args: ["true"], rootfs: rootfs), id: id)
            guard let prepared else { return .unavailable(reason: "could not prepare a container") }
            let run = try run(prepared)
            if let exit = run.exit, exit != .exited(0) {
                finish()
                return .unavailable(reason: "\(name) ran busybox true but it ended with \(exit): \(run.stderr.firstLine())")
            }
        } catch {
            finish()
            return .unavailable(reason: "\(name) cannot run a container here: \(error)")
        }
        return .available(version: version)
    }
}
