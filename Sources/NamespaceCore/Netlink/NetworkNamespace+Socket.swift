#if canImport(Glibc)
import Glibc
#endif
import CShim

extension NetworkNamespace {
    /// A close-on-exec socket made inside the network namespace `namespaceDescriptor` (an open
    /// /proc/PID/ns/net or /run/netns/NAME); it keeps that namespace for its whole life. The
    /// calling thread enters the namespace for the socket(2) call only and is back before this
    /// returns (cshim_netlink.h), so no Swift runs in the other namespace.
    public static func socket(inNamespace namespaceDescriptor: Int32, domain: Int32, type: Int32,
                              protocol: Int32 = 0, stage: String) throws(CoreError) -> Int32 {
        let fd = cshim_socket_in_netns(namespaceDescriptor, domain, type | Int32(SOCK_CLOEXEC.rawValue), `protocol`)
        guard fd >= 0 else { throw CoreError(stage: stage, errno: -fd) }
        return fd
    }
}
