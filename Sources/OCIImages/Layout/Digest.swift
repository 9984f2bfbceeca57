import Crypto
import NamespaceCore

/// `sha256:HEX` digests: the content addresses of blobs, diff IDs and image IDs.
public enum Digest {
    public static let algorithmPrefix = "sha256:"

    /// `sha256:HEX` of `bytes`.
    public static func of(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: bytes)
        return finish(hasher)
    }

    /// `sha256:HEX` of what `hasher` has seen.
    static func finish(_ hasher: SHA256) -> String {
        algorithmPrefix + hex(Array(hasher.finalize()))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The 64 hex digits of a `sha256:HEX` digest; anything else (another algorithm, a path
    /// trick in a hand-edited index.json) is refused before it becomes a file name.
    public static func hexPart(of digest: String) throws(CoreError) -> String {
        guard digest.hasPrefix(algorithmPrefix) else {
            throw CoreError(stage: "digest \(digest)", detail: "only sha256 digests are supported")
        }
        let hex = String(digest.dropFirst(algorithmPrefix.count))
        guard isHex(hex), hex.utf8.count == 64 else {
            throw CoreError(stage: "digest \(digest)", detail: "not 64 lowercase hex digits")
        }
        return hex
    }

    static func isHex(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

/// A SHA-256 that can be fed from C callbacks through a class reference.
final class RunningDigest {
    private var hasher = SHA256()
    private(set) var byteCount: Int64 = 0

    func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        byteCount += Int64(bytes.count)
    }

    var digest: String { Digest.finish(hasher) }
}
