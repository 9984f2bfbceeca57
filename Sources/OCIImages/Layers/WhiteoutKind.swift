import Archive
import NamespaceCore

/// What a layer entry's name means under image-spec's whiteout rules.
enum WhiteoutKind: Equatable {
    case none
    /// `.wh..wh..opq`: the directory hides everything below it from lower layers.
    case opaque
    /// `.wh.NAME`: NAME is deleted.
    case deletes(String)

    static let prefix = ".wh."
    static let opaqueName = ".wh..wh..opq"

    init(_ path: ArchivePath, raw: String) throws(CoreError) {
        let base = path.baseName
        guard base.hasPrefix(Self.prefix) else { self = .none; return }
        if base == Self.opaqueName { self = .opaque; return }
        let name = String(base.dropFirst(Self.prefix.count))
        guard !name.isEmpty, name != ".", name != ".." else {
            throw CoreError(stage: "layer entry '\(raw)'", detail: "a whiteout without a name; the layer is refused")
        }
        self = .deletes(name)
    }
}
