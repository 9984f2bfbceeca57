import NamespaceCore

/// `cbench system` run by the user: a busybox container in a store of its own
/// (CBENCH_SYSTEM_STORE, CBENCH_SYSTEM_RUN in its directory) from its own busybox root
/// (CBENCH_BUSYBOX_ROOTFS), started, the command attached.
extension SystemContainerTarget: RootlessStartingTarget {
    public var rootlessMeans: String {
        "cbench system create -t busybox, start, attach as the user, its store, run state and busybox template in DIR (CBENCH_SYSTEM_STORE, CBENCH_SYSTEM_RUN, CBENCH_BUSYBOX_ROOTFS)"
    }

    public func startRootless(as user: RootlessUser, rootfs: String, command: [String], directory: String) throws -> [RootlessStep] {
        let cbench = try CBenchExecutable.locate()
        let system = ["env", "CBENCH_SYSTEM_STORE=\(directory)/store", "CBENCH_SYSTEM_RUN=\(directory)/run",
                      "CBENCH_BUSYBOX_ROOTFS=\(rootfs)", cbench, "system"]
        var steps = [try user.run(system + ["create", "rootless", "--template", "busybox"], in: directory)]
        guard steps[0].status == 0 else { return steps }
        steps.append(try user.run(system + ["start", "rootless"], in: directory))
        guard steps[1].status == 0 else { return steps }
        steps.append(try user.run(system + ["attach", "rootless", "--"] + command, in: directory))
        _ = try? user.run(system + ["kill", "rootless", "--signal", "KILL"], in: directory)
        _ = try? user.run(system + ["destroy", "rootless", "--force"], in: directory)
        return steps
    }
}
