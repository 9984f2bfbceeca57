import NamespaceCore

extension SystemNetwork {
    /// After a start or a restore: every address of every veth that is up, announced from
    /// inside the container of `pid` once its host end forwards (`AddressAnnouncement`).
    /// `hostLinks` are the host ends `connect` made, in the order of `plans`. Returns what could
    /// not be announced, in words; the start or restore stands either way.
    public static func announce(_ plans: [SystemVethPlan], hostLinks: [String], pid: Int32) -> [String] {
        AddressAnnouncement.announce(announcedInterfaces(plans, hostLinks: hostLinks), inNamespaceOf: pid)
    }

    /// The veths to announce: up, with an address, paired with their host ends by position.
    static func announcedInterfaces(_ plans: [SystemVethPlan], hostLinks: [String]) -> [AnnouncedInterface] {
        zip(plans, hostLinks).compactMap { plan, hostLink in
            guard plan.up, !plan.addresses.isEmpty else { return nil }
            return AnnouncedInterface(interface: plan.containerName, hostLink: hostLink, addresses: plan.addresses.map(\.address))
        }
    }
}
