import Foundation
import NamespaceCore

/// LXC places a pair with a veth on a bridge: LXC attaches to a bridge but makes none, so the
/// scenario makes it (here a bridge for the pair; across lab hosts the bridge of an overlay's
/// VXLAN device or of a routed network), and `lxc-start` runs a busybox container on it in a
/// private lxcpath of the site (a lab host's /run is its own).
extension LXCTarget: NetworkPlacingTarget {
    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport { .supported }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        try VethAttachment.placePair(request, tag: "l", kind: "LXC containers") { name, site, attachment, undo in
            try start(name, on: site, attachment: attachment, rootfs: request.rootfs, undo: undo)
        }
    }

    private func start(_ name: String, on site: NetworkSite, attachment: VethAttachment, rootfs: String, undo: PairUndo) throws -> NetworkEndpoint {
        let directory = "\(lxcPath)/\(name)"
        try LXCTarget.checkConfigPaths([directory, rootfs], id: name)
        let cgroupPath = TargetContext.cgroupPath(for: name)
        try site.checked(["mkdir", "-p", "\(directory)/delta", "\(directory)/work"], stage: "mkdir \(directory)")
        let local = site.labHost == nil
        // LXC's monitor leaves through an `lxc.pivot` child that LXC does not remove; on a lab
        // host the container's cgroup lies below that host's (its cgroup namespace root).
        let hostCgroupPath = site.labHost.map { "\(CgroupPaths.labParent)/\($0)/\(cgroupPath)" } ?? cgroupPath
        undo.add {
            _ = try? site.run(["rm", "-rf", "--one-file-system", directory])
            Cgroup.removeAbandoned(path: hostCgroupPath)
            if local { ProjectDirectories.removeIfEmpty([lxcPath, LXCTarget.lxcParent]) }
        }
        let workload = ContainerWorkload(args: NetworkEndpoint.idleCommand, rootfs: rootfs)
        let config = LXCTarget.config(id: name, workload: workload, directory: directory, cgroupPath: cgroupPath, network: attachment.lxcLines,
                                       relativeCgroup: !local)
        try site.write(config, to: "\(directory)/config")
        try site.checked(command("lxc-start", name, ["-d", "--"] + NetworkEndpoint.idleCommand), stage: "lxc-start \(name)")
        let stop = command("lxc-stop", name, ["-k"])
        undo.add { _ = try? site.run(stop) }
        try site.checked(command("lxc-wait", name, ["-s", "RUNNING", "-t", "10"]), stage: "lxc-wait \(name) RUNNING")
        let info = try site.checked(command("lxc-info", name, ["-p", "-H"]), stage: "lxc-info \(name)")
        guard let pid = Int32(info.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "\(site.name): lxc-info \(name)", detail: "no pid in '\(info.prefix(200))'")
        }
        try ContainerRoutes.add(attachment.routes, pid: pid, container: name)
        return NetworkEndpoint(container: name, site: site.name, pid: pid, address: attachment.address.address.description)
    }
}
