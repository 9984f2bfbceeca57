#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The project's one JSON codec for what it keeps on disk (image blobs and indexes, container
/// records, state files, networks, volumes, the build cache): one set of options, and writes
/// through `FileIO.replace`. Sorted keys and unescaped slashes give the same document the same
/// bytes, so an image blob keeps its digest; compact, as image tools write their blobs.
public enum JSONRecord {
    public static func encode<Value: Encodable>(_ value: Value) throws(CoreError) -> [UInt8] {
        do {
            return Array(try encoder().encode(value))
        } catch {
            throw CoreError(stage: "encode \(Value.self)", detail: "\(error)", cause: error)
        }
    }

    /// `what` names the document in the error (a path, a blob digest).
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], what: String) throws(CoreError) -> Value {
        do {
            return try decoder().decode(type, from: Data(bytes))
        } catch {
            throw CoreError(kind: .corrupt, stage: "read \(what)", detail: "not a valid \(Value.self): \(error)", cause: error)
        }
    }

    /// The record at `path`; a missing file is `FileIO.read`'s ENOENT error.
    public static func read<Value: Decodable>(_ type: Value.Type, from path: String) throws(CoreError) -> Value {
        try decode(type, from: try FileIO.read(path), what: path)
    }

    /// The record at `path`, or nil when there is no file.
    public static func readIfPresent<Value: Decodable>(_ type: Value.Type, from path: String) throws(CoreError) -> Value? {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
        } catch where error.errno == ENOENT {
            return nil
        }
        return try decode(type, from: bytes, what: path)
    }

    /// Replaces the record at `path` atomically, and durably unless told otherwise
    /// (`FileIO.replace` says when that is right).
    public static func write<Value: Encodable>(_ value: Value, to path: String, mode: mode_t = 0o644, durable: Bool = true) throws(CoreError) {
        try FileIO.replace(path, try encode(value), mode: mode, durable: durable)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(RecordDate.decode)
        return decoder
    }
}
