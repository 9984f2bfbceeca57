#if canImport(Glibc)
import Glibc
#endif

/// A gratuitous ARP: a broadcast ARP request whose sender and target are the same address.
/// A container restored on another host sends one from each address it kept, so the bridges
/// and VXLAN ports between it and its peers learn where its MAC now is (as a hypervisor
/// announces a migrated guest); without it, frames for it go on to the old host until their
/// forwarding entries age out, minutes later.
public enum GratuitousARP {
    static let etherTypeARP: UInt16 = 0x0806
    /// Ethernet's minimum frame without its checksum.
    static let minimumFrame = 60

    /// The frame: Ethernet header to the broadcast address, then the ARP request.
    public static func frame(mac: MACAddress, address: IPv4Address) -> [UInt8] {
        let broadcast = [UInt8](repeating: 0xff, count: 6)
        var bytes = broadcast + mac.bytes + [UInt8(etherTypeARP >> 8), UInt8(etherTypeARP & 0xff)]
        // Hardware Ethernet (1), protocol IPv4 (0x0800), lengths 6 and 4, request (1).
        bytes += [0, 1, 0x08, 0x00, 6, 4, 0, 1]
        bytes += mac.bytes + address.bytes + [UInt8](repeating: 0, count: 6) + address.bytes
        return bytes + [UInt8](repeating: 0, count: max(0, minimumFrame - bytes.count))
    }

    /// struct sockaddr_ll (linux/if_packet.h, which Glibc's module leaves out), to the
    /// broadcast address: family, protocol (network order), interface index, hardware type,
    /// packet type, address length, address (8 bytes).
    static func linkAddress(index: Int32, protocolNumber: UInt16) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 20)
        withUnsafeBytes(of: UInt16(AF_PACKET)) { bytes.replaceSubrange(0..<2, with: $0) }
        withUnsafeBytes(of: protocolNumber) { bytes.replaceSubrange(2..<4, with: $0) }
        withUnsafeBytes(of: index) { bytes.replaceSubrange(4..<8, with: $0) }
        bytes[11] = 6
        bytes.replaceSubrange(12..<18, with: [UInt8](repeating: 0xff, count: 6))
        return bytes
    }

    /// Sends one from `interface` (its index and MAC as seen inside the namespace) of the
    /// network namespace open as `namespaceDescriptor`.
    public static func announce(_ address: IPv4Address, from interface: NetlinkLink, namespaceDescriptor: Int32) throws(CoreError) {
        let stage = "announce \(address) on \(interface.name)"
        guard let mac = interface.macAddress, mac.bytes.count == 6 else {
            throw CoreError(stage: stage, errno: EINVAL, detail: "the interface has no Ethernet address")
        }
        let protocolNumber = etherTypeARP.bigEndian
        let fd = try NetworkNamespace.socket(inNamespace: namespaceDescriptor, domain: AF_PACKET, type: Int32(SOCK_RAW.rawValue),
                                             protocol: Int32(protocolNumber), stage: "\(stage): socket")
        defer { close(fd) }
        var link = linkAddress(index: interface.index, protocolNumber: protocolNumber)
        let frame = frame(mac: mac, address: address)
        let sent = link.withUnsafeMutableBytes { raw in
            sendto(fd, frame, frame.count, 0, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        guard sent == frame.count else { throw CoreError(stage: "\(stage): sendto", errno: sent < 0 ? errno : EIO) }
    }
}
