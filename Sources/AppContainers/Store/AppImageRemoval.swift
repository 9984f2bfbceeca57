#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

/// `cbench app rmi` as docker decides it: removing an image's last name while a container
/// (running or not) was created from it is refused unless forced; forced, the names go but
/// the image stays, untagged, with every layer a container's root stands on.
public struct AppImageRemoval: Sendable {
    public let images: ImageStore
    public let containers: AppStore

    public init(images: ImageStore, containers: AppStore) {
        self.images = images
        self.containers = containers
    }

    /// Removes one `NAME[:TAG]` or image ID prefix; returns what to print.
    public func remove(_ text: String, force: Bool) throws -> String {
        let records = containers.ids().compactMap { try? containers.loadRecord(of: $0) }
        let layersInUse = Set(records.flatMap(\.layerDirectories))
        let summaries = try images.list()
        if let reference = try? ImageReference(parsing: text), let named = summaries.first(where: { $0.reference == reference }) {
            let otherNames = summaries.filter { $0.manifestDigest == named.manifestDigest && $0.reference != reference }
            let users = otherNames.isEmpty ? records.filter { $0.imageDigest == named.manifestDigest } : []
            if let user = users.first, !force { throw Self.inUse(text, by: user) }
            try images.remove(reference, keepingLayers: layersInUse, keepingImages: users.isEmpty ? [] : [named.manifestDigest])
            return users.isEmpty ? "untagged \(reference)" : "untagged \(reference) (the image stays, untagged, for \(Self.names(users)))"
        }
        guard text.count >= 4, text.allSatisfy(\.isHexDigit) else {
            // Neither a name in the store nor an ID: the store's own error says which.
            try images.remove(try ImageReference(parsing: text), keepingLayers: layersInUse)
            return "untagged \(text)"
        }
        let digest = try images.resolve(text).manifestDigest
        let users = records.filter { $0.imageDigest == digest }
        if let user = users.first, !force { throw Self.inUse(text, by: user) }
        try images.remove(imageID: text, keepingLayers: layersInUse, keepingImages: users.isEmpty ? [] : [digest])
        return users.isEmpty ? "deleted \(text)" : "untagged \(text) (the image stays, untagged, for \(Self.names(users)))"
    }

    static func inUse(_ text: String, by user: AppContainerRecord) -> CoreError {
        CoreError(stage: "rmi \(text)", errno: EBUSY,
                  detail: "container \(user.name) (\(user.shortID)) uses this image; remove it first (`cbench app rm \(user.name)`) or force with -f")
    }

    static func names(_ records: [AppContainerRecord]) -> String {
        let shown = records.prefix(3).map(\.name).joined(separator: ", ")
        return records.count > 3 ? "\(shown) and \(records.count - 3) more containers" : "container\(records.count == 1 ? "" : "s") \(shown)"
    }
}
