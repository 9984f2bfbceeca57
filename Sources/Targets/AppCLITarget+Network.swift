import AppContainers
import Foundation
import NamespaceCore

/// cbench-app places a pair as a user would: `cbench app network create` (a bridge here, or
/// `--driver overlay|routed` on both lab hosts) and `cbench app run -d --network`. Here the
/// run's private store is used; a lab host uses its own.
extension AppCLITarget: NetworkPlacingTarget {
    public func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport { .supported }

    public func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair {
        let undo = PairUndo()
        return try undo.building {
            let network: String
            if request.placement.spansHosts {
                network = try CrossHostNetwork.create(request, undo: undo).name
            } else {
                network = "pair-\(request.id)"
                let site = request.client
                try site.checked(try NetworkSite.cbench(["app", "network", "create", network]), stage: "network create \(network)",
                                 environment: environment(site))
                let remove = try NetworkSite.cbench(["app", "network", "rm", network])
                undo.add { _ = try? site.run(remove, environment: environment(site)) }
            }
            let client = try start("\(request.id)-client", on: request.client, network: network, rootfs: request.rootfs, undo: undo)
            let server = try start("\(request.id)-server", on: request.server, network: network, rootfs: request.rootfs, undo: undo)
            let what = request.placement.spansHosts ? "cbench app network --driver \(request.placement.rawValue)" : "cbench app bridge network"
            return NetworkPair(client: client, server: server, description: what, undo: undo)
        }
    }

    /// Here: the run's private store and state; a lab host: its own.
    func environment(_ site: NetworkSite) -> [String: String] {
        site.labHost == nil ? ["CBENCH_APP_ROOT": storeRoot, "CBENCH_APP_RUN": runRoot] : [:]
    }

    private func start(_ name: String, on site: NetworkSite, network: String, rootfs: String, undo: PairUndo) throws -> NetworkEndpoint {
        let image = Self.imageReference(for: rootfs).description
        let environment = environment(site)
        if site.labHost == nil {
            try importImage(of: rootfs)
        } else {
            try site.checked(try NetworkSite.cbench(["app", "import", rootfs, image]), stage: "app import \(rootfs)")
        }
        try site.checked(try NetworkSite.cbench(["app", "run", "-d", "--network", network, "--name", name, image] + NetworkEndpoint.idleCommand),
                         stage: "app run \(name)", environment: environment)
        let remove = try NetworkSite.cbench(["app", "rm", "-f", name])
        undo.add { _ = try? site.run(remove, environment: environment) }
        let text = try site.checked(try NetworkSite.cbench(["app", "inspect", name]), stage: "app inspect \(name)", environment: environment)
        // `app inspect` prints docker's shape: an array with one object per container.
        guard let inspection = (try? JSONDecoder().decode([AppContainerInspection].self, from: Data(text.utf8)))?.first,
              inspection.state.pid > 0, let address = inspection.networkSettings.networks[network] else {
            throw CoreError(stage: "\(site.name): app inspect \(name)", detail: "no pid or no address on \(network): \(text.prefix(200))")
        }
        let pid = inspection.state.pid
        return NetworkEndpoint(container: name, site: site.name, pid: pid, address: NetworkEndpoint.bareAddress(address))
    }
}
