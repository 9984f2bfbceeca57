import JSONRecords
import NamespaceCore

extension ImageStore {
    /// Every image of the store, tagged ones by name, then untagged ones.
    public func list() throws -> [ImageSummary] {
        var summaries: [ImageSummary] = []
        for entry in try readIndex().manifests {
            let manifest = try JSONRecord.decode(ImageManifest.self, from: try blobs.read(entry), what: "manifest \(entry.digest)")
            let configuration = try JSONRecord.decode(ImageConfiguration.self, from: try blobs.read(manifest.config), what: "config \(manifest.config.digest)")
            let reference = entry.refName.flatMap { try? ImageReference(parsing: $0) }
            summaries.append(ImageSummary(
                reference: reference, id: String(entry.digest.dropFirst(Digest.algorithmPrefix.count).prefix(12)),
                manifestDigest: entry.digest, created: configuration.created,
                size: manifest.layers.reduce(0) { $0 + $1.size }, layerCount: manifest.layers.count,
                parentDigest: entry.annotations?[Descriptor.parentAnnotation]))
        }
        return summaries.sorted { left, right in
            switch (left.reference, right.reference) {
            case let (l?, r?): return l.description < r.description
            case (_?, nil): return true
            default: return false
            }
        }
    }
}
