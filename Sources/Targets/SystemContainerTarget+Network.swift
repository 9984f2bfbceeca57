import NamespaceCore

/// cbench-system places a pair as its users wire system containers: busybox containers with
/// `lxc.net.0.type = veth` on a bridge (made for the pair here; across lab hosts the bridge
/// of an overlay or routed network, with an address of that host's block), through
/// `cbench system` so a lab host's containers live in its own store.
extension SystemContainerTarget: NetworkPlacingTarget {
    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport { .supported }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        try VethAttachment.placePair(request, tag: "s", kind: "cbench system containers") { name, site, attachment, undo in
            try start(name, on: site, attachment: attachment, undo: undo)
        }
    }

    /// Here: the run's private store and state; a lab host: its own.
    func environment(_ site: NetworkSite) -> [String: String] {
        site.labHost == nil ? ["CBENCH_SYSTEM_STORE": runtime.store.root, "CBENCH_SYSTEM_RUN": runtime.store.runRoot] : [:]
    }

    private func start(_ name: String, on site: NetworkSite, attachment: VethAttachment, undo: PairUndo) throws -> NetworkEndpoint {
        let environment = environment(site)
        let config = site.labHost == nil ? "\(context.workDirectory)/\(name).conf" : "/tmp/cbench-pair-\(name).conf"
        try site.write(attachment.lxcLines.joined(separator: "\n") + "\n", to: config)
        undo.add { _ = try? site.run(["rm", "-f", config]) }
        try site.checked(try NetworkSite.cbench(["system", "create", name, "--template", "busybox", "--config", config]),
                         stage: "system create \(name)", environment: environment)
        let destroy = try NetworkSite.cbench(["system", "destroy", "--force", name])
        undo.add { _ = try? site.run(destroy, environment: environment) }
        let started = try site.checked(try NetworkSite.cbench(["system", "start", name]), stage: "system start \(name)",
                                       environment: environment)
        // "started NAME pid PID"
        guard let pid = started.split(whereSeparator: \.isWhitespace).last.flatMap({ Int32($0) }) else {
            throw CoreError(stage: "\(site.name): system start \(name)", detail: "no pid in '\(started.prefix(200))'")
        }
        try ContainerRoutes.add(attachment.routes, pid: pid, container: name)
        return NetworkEndpoint(container: name, site: site.name, pid: pid, address: attachment.address.address.description)
    }
}
