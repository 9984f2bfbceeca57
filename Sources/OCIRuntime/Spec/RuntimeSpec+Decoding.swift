#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension RuntimeSpec {
    /// Reads, decodes and validates `bundle/config.json`.
    public static func load(bundle: String) throws(CoreError) -> RuntimeSpec {
        let path = BundlePath.resolve("config.json", against: bundle)
        let spec = try decode(try readFile(path), source: path)
        try spec.validate(bundle: bundle, source: path)
        return spec
    }

    /// Decodes config.json bytes; errors name the JSON path (`mounts[2].destination`) or, for
    /// text that is not JSON, the line and column. `source` names the file in the messages.
    public static func decode(_ bytes: [UInt8], source: String = "config.json") throws(CoreError) -> RuntimeSpec {
        try decode(RuntimeSpec.self, bytes, source: source)
    }

    /// A `process` object on its own: `exec --process FILE`.
    public static func decodeProcess(_ bytes: [UInt8], what source: String) throws(CoreError) -> Process {
        try decode(Process.self, bytes, source: source)
    }

    /// A `linux.resources` object on its own: `update -r FILE`.
    public static func decodeResources(_ bytes: [UInt8], what source: String) throws(CoreError) -> Resources {
        try decode(Resources.self, bytes, source: source)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], source: String) throws(CoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw CoreError(stage: "parse \(source)", detail: describe(error, bytes: bytes))
        } catch {
            throw CoreError(stage: "parse \(source)", detail: "\(error)")
        }
    }

    /// Pretty JSON with keys sorted, so the same spec always gives the same bytes.
    public func encodedJSON() throws(CoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self))
        } catch {
            throw CoreError(stage: "encode config.json", detail: "\(error)")
        }
    }

    static func describe(_ error: DecodingError, bytes: [UInt8]) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let path = JSONPath.text(context.codingPath + [key])
            return "\(path) is required but missing (a misspelt key counts as missing); add it"
        case .valueNotFound(let type, let context):
            return "\(JSONPath.text(context.codingPath)) is null; give it a \(JSONPath.kind(of: type)) value"
        case .typeMismatch(let type, let context):
            return "\(JSONPath.text(context.codingPath)) should be a \(JSONPath.kind(of: type)) (\(context.debugDescription))"
        case .dataCorrupted(let context):
            if !context.codingPath.isEmpty {
                return "\(JSONPath.text(context.codingPath)): \(context.debugDescription)"
            }
            if let problem = JSONSyntaxLocator.firstProblem(in: bytes) {
                return "line \(problem.line), column \(problem.column): \(problem.message); fix the JSON syntax there"
            }
            return "not valid JSON (\(context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func readFile(_ path: String) throws(CoreError) -> [UInt8] {
        do {
            return try FileIO.read(path)
        } catch var error {
            if error.errno == ENOENT { error.detail = "a bundle needs config.json (`cbench-oci spec` writes one)" }
            throw error
        }
    }
}

/// JSON paths as config.json readers write them: `linux.namespaces[2].type`.
enum JSONPath {
    static func text(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text.isEmpty ? "the document" : text
    }

    /// A JSON word for a Swift type in messages: users write JSON, not Swift.
    static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Bool.Type: return "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "integer"
        case is UInt32.Type, is UInt64.Type: return "non-negative integer"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "array" }
            if name.hasPrefix("Dictionary") { return "object" }
            return "object"
        }
    }
}
