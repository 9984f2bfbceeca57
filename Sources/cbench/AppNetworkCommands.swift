import AppContainers
import ArgumentParser
import FoundationEssentials
import NamespaceCore

/// `cbench app network ...` and `cbench app volume ...`. CBENCH_APP_ROOT moves the app root
/// (networks in ROOT/networks, volumes in ROOT/volumes); tests use that.
enum AppNetworkCommands {
    static let all: [ParsableCommand.Type] = [AppNetworkCommand.self, AppVolumeCommand.self]

    static var appRoot: String {
        ProcessEnvironment.values(["CBENCH_APP_ROOT"])["CBENCH_APP_ROOT"] ?? AppDirectories.persistent
    }
    static func networkStore() -> AppNetworkStore { AppNetworkStore(root: appRoot + "/networks") }
    static func volumeStore() -> VolumeStore { VolumeStore(root: appRoot + "/volumes") }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

struct AppNetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Networks joining containers by a bridge; traffic stays on this machine (no NAT, no default route).",
        subcommands: [AppNetworkCreate.self, AppNetworkList.self, AppNetworkInspect.self, AppNetworkRemove.self, AppNetworkExchange.self])
}

struct AppNetworkCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a network (its bridge appears when a container joins).")
    @Argument(help: "Network name.") var name: String
    @Option(help: "IPv4 subnet, e.g. 10.77.5.0/24; default: a free /24 of 10.77.0.0/16 or 172.29.0.0/16 (overlay and routed: required, the same on every host).") var subnet: String?
    @Option(help: "bridge (this host only), overlay (VXLAN across hosts) or routed (routes over the underlay).") var driver: AppNetworkDriver = .bridge
    @Option(name: .customLong("peer"), help: "overlay and routed: every host's underlay address, this host's too, in the same order on every host (repeat).") var peers: [String] = []
    @Option(help: "overlay: the VXLAN network identifier (default: derived from the name, so the same on every host).") var vni: UInt32?

    func run() throws {
        let store = AppNetworkCommands.networkStore()
        let network = try store.create(name: name, driver: driver, subnet: subnet, peers: peers, vni: vni)
        guard driver.spansHosts else {
            print("\(network.name) \(network.subnet)")
            return
        }
        do {
            let networking = try AppNetworking.real(store: store)
            guard let layout = try networking.multiHostLayout(of: network) else { return }
            try networking.ensureDataPlane(network, layout: layout)
            print("\(network.name) \(network.subnet) \(driver.rawValue) bridge \(network.bridge) \(layout.bridgeAddress), this host's addresses: \(layout.localBlock)")
        } catch {
            try? store.remove(name)
            throw error
        }
    }
}

struct AppNetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List networks.", aliases: ["list"])

    func run() throws {
        let store = AppNetworkCommands.networkStore()
        print("NETWORK ID    NAME                 SUBNET             CONTAINERS")
        for network in try store.list() {
            let count = (try? store.members(of: network.name).count) ?? 0
            let name = network.name.padding(toLength: max(20, network.name.count), withPad: " ", startingAt: 0)
            let subnet = network.subnet.padding(toLength: 18, withPad: " ", startingAt: 0)
            print("\(network.id.prefix(12))  \(name) \(subnet) \(count)")
        }
    }
}

struct AppNetworkInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show a network and its containers as JSON.")
    @Argument(help: "Network name.") var name: String

    struct Inspection: Encodable {
        var network: AppNetwork
        var containers: [AppNetworkMember]
    }

    func run() throws {
        let store = AppNetworkCommands.networkStore()
        try AppNetworkCommands.printJSON(Inspection(network: try store.inspect(name), containers: try store.members(of: name)))
    }
}

struct AppNetworkRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove networks no container uses.", aliases: ["remove"])
    @Argument(help: "Network names.") var names: [String]

    func run() throws {
        let store = AppNetworkCommands.networkStore()
        for name in names {
            let network = try store.inspect(name)
            try store.remove(name) { bridge in
                if network.driver?.spansHosts == true {
                    let networking = try AppNetworking.real(store: store)
                    networking.removeDataPlane(network, layout: try? networking.multiHostLayout(of: network))
                    return
                }
                let netlink = try RouteNetlink()
                if try netlink.link(named: bridge) != nil { try netlink.deleteLink(named: bridge) }
            }
            print(name)
        }
    }
}

struct AppVolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Named volumes: directories that outlive the containers mounting them.",
        subcommands: [AppVolumeCreate.self, AppVolumeList.self, AppVolumeInspect.self, AppVolumeRemove.self])
}

struct AppVolumeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a named volume.")
    @Argument(help: "Volume name.") var name: String

    func run() throws {
        print(try AppNetworkCommands.volumeStore().create(name).name)
    }
}

struct AppVolumeList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List named volumes.", aliases: ["list"])
    @Flag(name: .shortAndLong, help: "Only the names, without the header (as docker volume ls -q).") var quiet = false

    func run() throws {
        if !quiet { print("VOLUME NAME") }
        for volume in try AppNetworkCommands.volumeStore().list() { print(volume.name) }
    }
}

struct AppVolumeInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show a named volume as JSON.")
    @Argument(help: "Volume name.") var name: String

    func run() throws {
        try AppNetworkCommands.printJSON(try AppNetworkCommands.volumeStore().inspect(name))
    }
}

struct AppVolumeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove named volumes and their data.", aliases: ["remove"])
    @Argument(help: "Volume names.") var names: [String]

    func run() throws {
        let users = Self.volumeUsers()
        for name in names {
            try AppNetworkCommands.volumeStore().remove(name, users: users)
            print(name)
        }
    }

    /// Each named volume with the containers (running or not) whose `-v` names it, as Docker
    /// keeps a volume while any container refers to it.
    static func volumeUsers() -> [String: [String]] {
        let store = AppStore.fromEnvironment()
        var users: [String: [String]] = [:]
        for id in store.ids() {
            guard let record = try? store.loadRecord(of: id) else { continue }
            for text in record.config.volumes {
                if let volume = (try? VolumeMount(parsing: text))?.volumeName { users[volume, default: []].append(record.name) }
            }
        }
        return users
    }
}
