#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import NamespaceCore

/// Small JSON records on disk: read whole, written to a temporary file and renamed into place
/// so a reader never sees half a record.
enum JSONFile {
    static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if access(path, F_OK) != 0 { return nil }
            throw CoreError(stage: "read \(path)", errno: EIO)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw CoreError(stage: "read \(path)", detail: "not a valid record (\(error)); remove the file if it is stale")
        }
    }

    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw CoreError(stage: "encode \(path)", detail: "\(error)")
        }
        try FileIO.replace(path, Array(data), mode: 0o644)
    }
}
