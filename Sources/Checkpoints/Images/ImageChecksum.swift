/// FNV-1a 64 of bytes given in pieces: the checksum a manifest records for an image file,
/// as 16 hex digits.
public struct ImageChecksum: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    public private(set) var size: Int64 = 0

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        size += Int64(bytes.count)
    }

    public var hex: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
