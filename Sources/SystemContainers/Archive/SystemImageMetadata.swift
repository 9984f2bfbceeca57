import NamespaceCore
import Yams

/// `metadata.yaml` of an exported container, in the shape LXD images use: architecture,
/// creation_date (Unix seconds), properties (os, release, description) and an empty
/// `templates` map.
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

    /// The file as LXD writes it: strings double-quoted, keys in this order, no line folding.
    public var yaml: String {
        get throws(CoreError) {
            func quoted(_ text: String) -> Node { Node(text, .implicit, .doubleQuoted) }
            let properties = Node([(Node("description"), quoted(description)), (Node("os"), quoted(os)), (Node("release"), quoted(release))])
            let document = Node([
                (Node("architecture"), quoted(architecture)),
                (Node("creation_date"), Node(String(creationDate))),
                (Node("properties"), properties),
                (Node("templates"), Node([(Node, Node)](), .implicit, Node.Mapping.Style.flow)),
            ])
            do {
                return try Yams.serialize(node: document, width: -1)
            } catch {
                throw CoreError(stage: "write metadata.yaml", detail: "\(error)", cause: error)
            }
        }
    }

    /// Reads the keys above with Yams; `architecture` and `creation_date` must be there, and
    /// what else an LXD image holds (template lists) is passed over.
    public static func parse(_ text: String) throws(CoreError) -> SystemImageMetadata {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw CoreError(stage: "metadata.yaml", detail: "not YAML: \(error)", cause: error)
        }
        guard let root, root.mapping != nil else {
            throw CoreError(stage: "metadata.yaml", detail: "not a YAML mapping of keys (architecture, creation_date, properties)")
        }
        guard let architecture = root["architecture"]?.string, !architecture.isEmpty else {
            throw CoreError(stage: "metadata.yaml", detail: "has no architecture")
        }
        guard let created = root["creation_date"]?.int else {
            throw CoreError(stage: "metadata.yaml", detail: "has no creation_date (Unix seconds)")
        }
        let properties = root["properties"]
        return SystemImageMetadata(architecture: architecture, creationDate: Int64(created), os: properties?["os"]?.string ?? "",
                                   release: properties?["release"]?.string ?? "", description: properties?["description"]?.string ?? "")
    }
}
