/// Native-endian integer packing for netlink structs (the kernel speaks host byte order,
/// except for the few fields marked big endian, such as IFLA_VXLAN_PORT).
enum NetlinkBytes {
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    static func of<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    /// Reads a `T` at `offset`, or nil when the bytes run out.
    static func read<T: FixedWidthInteger>(_: T.Type, from bytes: ArraySlice<UInt8>, at offset: Int) -> T? {
        let start = bytes.startIndex + offset
        let size = MemoryLayout<T>.size
        guard offset >= 0, start + size <= bytes.endIndex else { return nil }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { target in
            for index in 0..<size { target[index] = bytes[start + index] }
        }
        return value
    }

    static func read<T: FixedWidthInteger>(_ type: T.Type, from bytes: [UInt8], at offset: Int) -> T? {
        read(type, from: bytes[...], at: offset)
    }

    /// Netlink aligns every header and attribute to 4 bytes (NLMSG_ALIGN, RTA_ALIGN).
    static func aligned(_ length: Int) -> Int { (length + 3) & ~3 }
}
