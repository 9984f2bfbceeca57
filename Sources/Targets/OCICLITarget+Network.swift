import AppContainers
import NamespaceCore
import OCIRuntime

/// An OCI runtime has no networking of its own: its config only says which network namespace
/// the container joins. So a pair is placed as a user of the bare runtime wires one by hand: on
/// each site (a lab host through `cbench lab exec`, or this machine) `ip netns add`, a veth with
/// one end as the namespace's eth0 (with its address) and the other on the site's bridge (the
/// overlay's or routed network's across lab hosts, one made for the pair here), then the runtime
/// itself on that site runs a busybox container whose config joins the namespace by path.
extension OCICLITarget: NetworkPlacingTarget {
    public var makesNetworksOfItsOwn: Bool { false }

    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport { .supported }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        try VethAttachment.placePair(request, tag: "o", kind: "\(name) containers joining a network namespace by path (ip netns add, a veth as its eth0)") {
            name, site, attachment, undo in
            try start(name, on: site, attachment: attachment, rootfs: request.rootfs, undo: undo)
        }
    }

    private func start(_ id: String, on site: NetworkSite, attachment: VethAttachment, rootfs: String, undo: PairUndo) throws -> NetworkEndpoint {
        // A lab host's /tmp is its own; here the run's work directory.
        let directory = site.labHost == nil ? "\(context.workDirectory)/\(id)" : "/tmp/cbench-pair-\(id)"
        let namespace = "\(NetworkNamespace.namePrefix)pair-\(LocalBridgeSubnet.hash(id))"
        let cgroupPath = TargetContext.cgroupPath(for: id)
        undo.add {
            _ = try? site.run(["rm", "-rf", "--one-file-system", directory])
            // Inside a lab host the cgroup lies below the host's (its cgroup namespace root).
            Cgroup.removeAbandoned(path: site.labHost.map { "\(CgroupPaths.labParent)/\($0)/\(cgroupPath)" } ?? cgroupPath)
        }
        try site.checked(["mkdir", "-p", "\(directory)/bundle"], stage: "mkdir \(directory)")
        undo.add { _ = try? site.run(["ip", "netns", "delete", namespace]) }
        try site.checked(["sh", "-c", Self.wiring, "sh", namespace, Leftovers.linkPrefix + "v" + LocalBridgeSubnet.hash(id), attachment.bridge,
                          attachment.address.description, attachment.mtu.map(String.init) ?? ""],
                         stage: "wire network namespace \(namespace) for \(id)")
        var spec = OCIBundle.spec(for: ContainerWorkload(args: NetworkEndpoint.idleCommand, rootfs: rootfs), cgroupPath: cgroupPath)
        OCIBundle.join(network: "/run/netns/\(namespace)", in: &spec)
        try site.write(String(decoding: try spec.encodedJSON(), as: UTF8.self), to: "\(directory)/bundle/config.json")
        let state = "\(directory)/state"
        let pidFile = "\(directory)/pid"
        // The runtime hands its stdio to the container: none of it may be the pipes we read.
        try site.checked(["sh", "-c", "exec \"$0\" --root \"$1\" create --bundle \"$2\" --pid-file \"$3\" \"$4\" </dev/null >/dev/null 2>\"$5\" || { cat \"$5\"; exit 1; }",
                          executable, state, "\(directory)/bundle", pidFile, id, "\(directory)/create.err"],
                         stage: "\(name) create \(id)")
        undo.add { _ = try? site.run([executable, "--root", state, "delete", "--force", id]) }
        try site.checked([executable, "--root", state, "start", id], stage: "\(name) start \(id)")
        let text = try site.checked(["cat", pidFile], stage: "\(name) pid of \(id)")
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "\(site.name): \(name) pid of \(id)", detail: "no pid in '\(text.prefix(200))'")
        }
        try ContainerRoutes.add(attachment.routes, pid: pid, container: id)
        return NetworkEndpoint(container: id, site: site.name, pid: pid, address: attachment.address.address.description)
    }

    /// `ip` commands of a user wiring a namespace for a bare runtime: $1 the namespace, $2 the
    /// host end of the veth, $3 the bridge, $4 the address with its prefix, $5 the MTU or empty.
    static let wiring = """
        set -e
        ip netns add "$1"
        ip link add "$2" type veth peer name eth0 netns "$1"
        if [ -n "$5" ]; then ip link set "$2" mtu "$5"; ip -n "$1" link set eth0 mtu "$5"; fi
        ip link set "$2" master "$3" up
        ip -n "$1" link set lo up
        ip -n "$1" addr add "$4" dev eth0
        ip -n "$1" link set eth0 up
        """
}
