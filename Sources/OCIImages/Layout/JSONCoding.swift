#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NamespaceCore

/// JSON the way this store writes it: sorted keys and unescaped slashes, so the same
/// document always has the same bytes and therefore the same digest.
enum JSONCoding {
    static func encode<Value: Encodable>(_ value: Value) throws(CoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw CoreError(stage: "encode \(Value.self)", detail: "\(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], what: String) throws(CoreError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw CoreError(stage: "decode \(what)", detail: "not a valid \(Value.self): \(error)")
        }
    }
}
