import AppContainers
import ArgumentParser
import NamespaceCore

extension AppNetworkDriver: ExpressibleByArgument {}

/// `cbench app network _exchange NAME --from ADDRESS --members JSON`: the peer's side of the
/// cross-host name exchange (run over ssh by another host; see AppNetworking+Exchange).
struct AppNetworkExchange: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_exchange", abstract: "Internal: take a peer's members, answer with ours.",
                                                    shouldDisplay: false)
    @Argument var name: String
    @Option var from: String
    @Option var members: String

    func run() throws {
        let store = AppNetworkCommands.networkStore()
        let theirs = try PeerExchangeWire.decode(members)
        let ours = try AppNetworking.real(store: store).acceptExchange(network: name, from: from, members: theirs)
        print(PeerExchangeWire.marker + (try PeerExchangeWire.encode(ours)))
    }
}
