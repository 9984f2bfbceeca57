#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// `metadata.yaml` of an exported container, in the shape LXD images use: architecture,
/// creation_date (Unix seconds), properties (os, release, description) and an empty
/// `templates` map. Written and read by hand: the file is small and flat.
public struct SystemImageMetadata: Sendable, Equatable {
    public var architecture: String
    public var creationDate: Int64
    public var os: String
    public var release: String
    public var description: String

    public init(architecture: String, creationDate: Int64, os: String, release: String, description: String) {
        self.architecture = architecture
        self.creationDate = creationDate
        self.os = os
        self.release = release
        self.description = description
    }

    public var yaml: String {
        """
        architecture: \(Self.quoted(architecture))
        creation_date: \(creationDate)
        properties:
          description: \(Self.quoted(description))
          os: \(Self.quoted(os))
          release: \(Self.quoted(release))
        templates: {}

        """
    }

    /// Reads the keys above; `architecture` and `creation_date` must be there.
    public static func parse(_ text: String) throws(CoreError) -> SystemImageMetadata {
        var top: [String: String] = [:]
        var properties: [String: String] = [:]
        var section = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(rawLine)
            if line.trimmingCharacters(in: " ").hasPrefix("#") { continue }
            let indented = line.hasPrefix(" ")
            guard let colon = line.firstIndex(of: ":") else {
                // Deeper levels (LXD's template lists) are not read.
                if indented { continue }
                throw CoreError(stage: "metadata.yaml", detail: "not YAML of 'key: value' lines: '\(line)'")
            }
            let key = line[..<colon].trimmingCharacters(in: " ")
            let value = unquoted(line[line.index(after: colon)...].trimmingCharacters(in: " "))
            if indented {
                let direct = line.hasPrefix("  ") && !line.hasPrefix("   ")
                if section == "properties", direct { properties[key] = value }
            } else {
                section = key
                top[key] = value
            }
        }
        guard let architecture = top["architecture"], !architecture.isEmpty else {
            throw CoreError(stage: "metadata.yaml", detail: "has no architecture")
        }
        guard let created = top["creation_date"].flatMap({ Int64($0) }) else {
            throw CoreError(stage: "metadata.yaml", detail: "has no creation_date (Unix seconds)")
        }
        return SystemImageMetadata(architecture: architecture, creationDate: created, os: properties["os"] ?? "",
                                   release: properties["release"] ?? "", description: properties["description"] ?? "")
    }

    /// `uname -m`, as LXD writes it.
    public static var hostArchitecture: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.machine) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            .replacing("\n", with: " ") + "\""
    }

    static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else { return text }
        let inner = String(text.dropFirst().dropLast())
        guard first == "\"" else { return inner.replacing("''", with: "'") }
        var result = ""
        var escaped = false
        for character in inner {
            if escaped { result.append(character); escaped = false } else if character == "\\" { escaped = true } else { result.append(character) }
        }
        return result
    }
}
