/// The rtnetlink numbers this code uses, as in the kernel uapi headers
/// (<linux/netlink.h>, <linux/rtnetlink.h>, <linux/if_link.h>, <linux/veth.h>, <linux/if_addr.h>).
/// Written out here so the message encoding can be unit-tested without the headers.
public enum Netlink {
    // nlmsghdr types
    public static let error: UInt16 = 2              // NLMSG_ERROR
    public static let done: UInt16 = 3               // NLMSG_DONE
    public static let newLink: UInt16 = 16           // RTM_NEWLINK
    public static let deleteLink: UInt16 = 17        // RTM_DELLINK
    public static let getLink: UInt16 = 18           // RTM_GETLINK
    public static let newAddress: UInt16 = 20        // RTM_NEWADDR
    public static let deleteAddress: UInt16 = 21     // RTM_DELADDR
    public static let getAddress: UInt16 = 22        // RTM_GETADDR
    public static let newRoute: UInt16 = 24          // RTM_NEWROUTE
    public static let deleteRoute: UInt16 = 25       // RTM_DELROUTE
    public static let getRoute: UInt16 = 26          // RTM_GETROUTE

    // nlmsghdr flags
    public static let request: UInt16 = 0x1          // NLM_F_REQUEST
    public static let multi: UInt16 = 0x2            // NLM_F_MULTI
    public static let ack: UInt16 = 0x4              // NLM_F_ACK
    public static let dump: UInt16 = 0x300           // NLM_F_ROOT | NLM_F_MATCH
    public static let replace: UInt16 = 0x100        // NLM_F_REPLACE
    public static let exclusive: UInt16 = 0x200      // NLM_F_EXCL
    public static let create: UInt16 = 0x400         // NLM_F_CREATE
    public static let capped: UInt16 = 0x100         // NLM_F_CAPPED, on an NLMSG_ERROR
    public static let ackTLVs: UInt16 = 0x200        // NLM_F_ACK_TLVS, on an NLMSG_ERROR

    // socket options (SOL_NETLINK)
    public static let solNetlink: Int32 = 270
    public static let capAckOption: Int32 = 10       // NETLINK_CAP_ACK
    public static let extAckOption: Int32 = 11       // NETLINK_EXT_ACK
    public static let extAckMessage: UInt16 = 1      // NLMSGERR_ATTR_MSG

    // address families
    public static let familyUnspecified: UInt8 = 0   // AF_UNSPEC
    public static let familyIPv4: UInt8 = 2          // AF_INET

    // interface flags
    public static let interfaceUp: UInt32 = 0x1      // IFF_UP

    // IFLA_* link attributes
    public static let linkAddress: UInt16 = 1        // IFLA_ADDRESS
    public static let linkName: UInt16 = 3           // IFLA_IFNAME
    public static let linkMTU: UInt16 = 4            // IFLA_MTU
    public static let linkMaster: UInt16 = 10        // IFLA_MASTER
    public static let linkOperState: UInt16 = 16     // IFLA_OPERSTATE
    public static let linkInfo: UInt16 = 18          // IFLA_LINKINFO
    public static let linkNamespacePID: UInt16 = 19  // IFLA_NET_NS_PID
    public static let linkAlias: UInt16 = 20         // IFLA_IFALIAS
    public static let linkNamespaceFD: UInt16 = 28   // IFLA_NET_NS_FD
    public static let linkInfoKind: UInt16 = 1       // IFLA_INFO_KIND
    public static let linkInfoData: UInt16 = 2       // IFLA_INFO_DATA
    public static let vethPeer: UInt16 = 1           // VETH_INFO_PEER

    // IFLA_VXLAN_* (inside IFLA_INFO_DATA of kind "vxlan")
    public static let vxlanID: UInt16 = 1            // IFLA_VXLAN_ID
    public static let vxlanGroup: UInt16 = 2         // IFLA_VXLAN_GROUP (multicast group or unicast remote)
    public static let vxlanLink: UInt16 = 3          // IFLA_VXLAN_LINK
    public static let vxlanLocal: UInt16 = 4         // IFLA_VXLAN_LOCAL
    public static let vxlanPort: UInt16 = 15         // IFLA_VXLAN_PORT, big endian

    // IFA_* address attributes
    public static let addressAddress: UInt16 = 1     // IFA_ADDRESS
    public static let addressLocal: UInt16 = 2       // IFA_LOCAL

    // rtmsg fields and RTA_* route attributes
    public static let tableMain: UInt8 = 254         // RT_TABLE_MAIN
    public static let protocolBoot: UInt8 = 3        // RTPROT_BOOT, what `ip route add` uses
    public static let scopeUniverse: UInt8 = 0       // RT_SCOPE_UNIVERSE
    public static let scopeLink: UInt8 = 253         // RT_SCOPE_LINK
    public static let scopeNowhere: UInt8 = 255      // RT_SCOPE_NOWHERE, matches any scope on delete
    public static let routeUnicast: UInt8 = 1        // RTN_UNICAST
    public static let routeDestination: UInt16 = 1   // RTA_DST
    public static let routeOutputLink: UInt16 = 4    // RTA_OIF
    public static let routeGateway: UInt16 = 5       // RTA_GATEWAY
    public static let routeTable: UInt16 = 15        // RTA_TABLE

    /// Attribute type bit marking a nested attribute (NLA_F_NESTED); stripped when decoding.
    public static let nestedFlag: UInt16 = 0x8000
}
