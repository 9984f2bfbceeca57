import AppContainers
import ArgumentParser

/// The port forwarder an application layout starts for a container whose runtime publishes no
/// port itself (`PortForwarderProcess`); not for users.
struct AppForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_forward", abstract: "Internal: serve a published port handed over on descriptors 3-5.", shouldDisplay: false)
    @Argument(help: "127.0.0.1:HOSTPORT:PORT") var mapping: String

    func run() throws {
        try PortForwarderProcess.serveInherited(try PortMapping(parsing: mapping))
    }
}
