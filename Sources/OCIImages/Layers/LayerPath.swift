import NamespaceCore

/// An entry name of a layer tar, made relative to the layer directory. Leading `/` and `./`
/// are dropped (tars from many tools carry them); a `..` component is refused, because after
/// it the entry could land outside the layer directory.
struct LayerPath: Equatable {
    let components: [Substring]

    init(_ raw: String) throws(CoreError) {
        var kept: [Substring] = []
        for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                throw CoreError(stage: "layer entry '\(raw)'", detail: "escapes the layer directory ('..'); the layer is refused")
            }
            kept.append(component)
        }
        components = kept
    }

    var isRoot: Bool { components.isEmpty }
    var relative: String { components.joined(separator: "/") }
    var baseName: Substring { components.last ?? "" }
    var parent: [Substring] { Array(components.dropLast()) }
}

/// What a layer entry's name means under image-spec's whiteout rules.
enum WhiteoutKind: Equatable {
    case none
    /// `.wh..wh..opq`: the directory hides everything below it from lower layers.
    case opaque
    /// `.wh.NAME`: NAME is deleted.
    case deletes(String)

    static let prefix = ".wh."
    static let opaqueName = ".wh..wh..opq"

    init(_ path: LayerPath, raw: String) throws(CoreError) {
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
