import NamespaceCore

extension AppNetworking {
    /// After a start with a fixed address or a restore: one gratuitous ARP from each of the
    /// container's addresses once its host end forwards (`AddressAnnouncement`), as a hypervisor
    /// announces a guest it has moved. A peer that sent to the container while it was gone holds
    /// a failed neighbour entry; without the announcement it found the container only at its
    /// next ARP retry, a second later: in a tcpdump of ten 16 MB moves (2026-12-04) five
    /// downtimes were 1.36-1.51 s, each ending with the host's fourth ARP request, 1 s after its
    /// third, against 0.46-0.52 s for the moves back before that third. Returns what could not
    /// be announced, in words; the container runs either way.
    public func announce(_ attachments: [AppNetworkAttachment], pid: Int32) -> [String] {
        AddressAnnouncement.announce(Self.announcedInterfaces(attachments), inNamespaceOf: pid)
    }

    /// Each attachment's interface, host end and address (its prefix length dropped).
    static func announcedInterfaces(_ attachments: [AppNetworkAttachment]) -> [AnnouncedInterface] {
        attachments.map { attachment in
            let address = IPv4Address(String(attachment.address.prefix(while: { $0 != "/" })))
            return AnnouncedInterface(interface: attachment.interface, hostLink: attachment.hostLink, addresses: address.map { [$0] } ?? [])
        }
    }
}
