#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension RealAppContainerNetworking {
    /// After a container joined or left: tells the peers of every network across hosts among
    /// `networks` (nothing for bridge networks, so a single-host start pays nothing). An
    /// unreachable peer is a warning on stderr, not a failed start.
    func exchangeNames(_ networks: [String]) {
        let store = networkStore
        let spanning = networks.filter { (try? store.inspect($0))?.driver?.spansHosts == true }
        guard !spanning.isEmpty, let executable = try? CBenchExecutable.locate(),
              let networking = try? AppNetworking.real(store: store) else { return }
        for warning in networking.exchangeNames(networks: spanning, transport: SSHPeerExchange(executable: executable)) {
            let line = Array("cbench: warning: \(warning)\n".utf8)
            _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }
}
