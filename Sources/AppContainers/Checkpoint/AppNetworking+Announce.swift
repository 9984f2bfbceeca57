#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

extension AppNetworking {
    /// After a restore, its tasks still stopped and its host ends up: one gratuitous ARP from
    /// each of the container's addresses, as a hypervisor announces a guest it has moved. A peer
    /// that sent to the container while it was gone (the migration's client on the host, another
    /// container) holds a failed neighbour entry; without the announcement it found the
    /// container only at its next ARP retry, a second later: in a tcpdump of ten 16 MB moves
    /// (2026-12-04) five downtimes were 1.36-1.51 s, each ending with the host's fourth ARP
    /// request, 1 s after its third, against 0.46-0.52 s for the moves back before that third.
    public func announce(_ attachments: [AppNetworkAttachment], restoredPid pid: Int32) throws {
        guard !attachments.isEmpty else { return }
        let namespace = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { throw CoreError(stage: "restore: announce: open the network namespace of \(pid)", errno: errno) }
        defer { close(namespace) }
        for attachment in attachments {
            // Sent the moment the host end is up, the announcement can meet a bridge port that
            // does not forward yet (the port follows the link's operstate, which the kernel's
            // link watch updates a moment later) and is dropped: the host kept the old MAC in 1
            // of the CI's CheckpointAppAnnounceTests runs (2026-12-05 02:46 UTC).
            _ = Self.awaitForwarding(attachment.hostLink)
            guard let address = IPv4Address(String(attachment.address.prefix(while: { $0 != "/" }))) else { continue }
            let networkOrder = address.bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let rc = cshim_announce_ipv4(namespace, attachment.interface, networkOrder)
            guard rc == 0 else {
                throw CoreError(stage: "restore: gratuitous ARP for \(address) on \(attachment.interface)", errno: -rc)
            }
        }
    }

    /// Waits until `hostLink`'s bridge port forwards (`brport/state` 3), at most
    /// `timeoutMilliseconds`; whether it did. `state` reads the port's state (sysfs here).
    static func awaitForwarding(_ hostLink: String, timeoutMilliseconds: Int = 1000,
                                state: (String) -> String? = { link in
                                    (try? FileIO.read("/sys/class/net/\(link)/brport/state", limit: 16)).map { String(decoding: $0, as: UTF8.self) }
                                }) -> Bool {
        let forwarding = "3"
        let deadline = MonotonicClock.now() + UInt64(timeoutMilliseconds) * 1_000_000
        while true {
            guard let current = state(hostLink) else { return false }
            if current.split(separator: "\n").first == Substring(forwarding) { return true }
            if MonotonicClock.now() >= deadline { return false }
            usleep(500)
        }
    }
}
