import Foundation
import NamespaceCore

extension ResultsDocument {
    /// Stable, diff-friendly JSON: sorted keys, ISO 8601 dates, and the
    /// non-finite numbers JSON lacks spelled as strings.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(self)
        } catch {
            throw CoreError.wrapping(error, stage: "encode results")
        }
    }

    public static func decode(from data: Data) throws -> ResultsDocument {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // The version is read first so a newer file fails with a clear message
        // rather than with whichever field happened to change.
        struct VersionOnly: Decodable { var schemaVersion: Int }
        let version: Int
        do {
            version = try decoder.decode(VersionOnly.self, from: data).schemaVersion
        } catch {
            throw CoreError(stage: "decode results", detail: "no schemaVersion: \(error)")
        }
        guard version >= 1, version <= currentSchemaVersion else {
            throw CoreError(
                stage: "decode results",
                detail: "schemaVersion \(version) is not supported (this cbench reads 1...\(currentSchemaVersion))")
        }
        do {
            return try decoder.decode(ResultsDocument.self, from: data)
        } catch {
            throw CoreError(stage: "decode results", detail: String(describing: error))
        }
    }

    public static func load(from url: URL) throws -> ResultsDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CoreError.wrapping(error, stage: "read \(url.path)")
        }
        return try decode(from: data)
    }

    /// Writes atomically, so a crash never leaves half a results file.
    public func write(to url: URL) throws {
        let data = try jsonData()
        do {
            try FileIO.makeDirectories(url.deletingLastPathComponent().path, mode: 0o755)
            try FileIO.replace(url.path, Array(data), mode: 0o644)
        } catch {
            throw CoreError.wrapping(error, stage: "write \(url.path)")
        }
    }
}
