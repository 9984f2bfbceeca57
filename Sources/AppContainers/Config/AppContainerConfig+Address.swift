#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppContainerConfig {
    /// `--ip` as docker takes it: an IPv4 address on the container's one user-defined network
    /// (a migration keeps a fixed address, as a moved guest does). nil without `--ip`.
    public func requestedAddress() throws(CoreError) -> IPv4Address? {
        guard let text = ipv4Address else { return nil }
        guard let address = IPv4Address(text) else {
            throw CoreError(stage: "--ip \(text)", errno: EINVAL, detail: "not an IPv4 address (give A.B.C.D)")
        }
        guard networks.count == 1, let network = networks.first, !AppNetwork.reservedNames.contains(network) else {
            throw CoreError(stage: "--ip \(text)", errno: EINVAL, detail: "needs exactly one --network, a user-defined one")
        }
        return address
    }
}
