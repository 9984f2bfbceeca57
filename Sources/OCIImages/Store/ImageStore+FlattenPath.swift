#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension ImageStore {
    /// The merged contents of the directory `path` in a stack of unpacked layers (bottom
    /// first, overlay form), written into the existing directory `directory`, which then takes
    /// the mode and owner `path` has in the topmost layer holding it. What a volume gets on
    /// first use, as Docker and podman copy an image's directory into a new volume. A
    /// whiteout, an opaque directory or a non-directory at `path` or above it in a layer hides
    /// what the layers below put there. Nothing is copied when no layer has the directory.
    public static func unpackFlattened(path: String, of layerDirectories: [String], into directory: String) throws {
        let components = path.split(separator: "/").map(String.init)
        guard !components.isEmpty, !components.contains("..") else {
            throw CoreError(stage: "flatten \(path)", errno: EINVAL, detail: "give an absolute directory below / without '..'")
        }
        let flattener = LayerFlattener(destination: try FileSystem.realPath(directory))
        var top: stat?
        for layer in layerDirectories {
            let (present, hidesBelow) = Self.pathState(components, in: layer)
            if hidesBelow {
                try FileIO.removeContents(of: directory)
                top = nil
            }
            guard let present else { continue }
            try flattener.apply(layerDirectory: layer + "/" + components.joined(separator: "/"))
            top = present
        }
        guard let top else { return }
        guard chown(directory, top.st_uid, top.st_gid) == 0, chmod(directory, top.st_mode & 0o7777) == 0 else {
            throw CoreError.fromErrno("set the owner and mode of \(directory) as \(path) has them")
        }
    }

    /// Whether `components` is a directory in `layer` (its stat), and whether the layer hides
    /// lower layers' contents there: a whiteout or non-directory on the way, or an opaque
    /// directory at the path or above it.
    static func pathState(_ components: [String], in layer: String) -> (present: stat?, hidesBelow: Bool) {
        var current = layer
        var hides = false
        for (index, component) in components.enumerated() {
            current += "/" + component
            var info = stat()
            guard lstat(current, &info) == 0 else { return (nil, hides) }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return (nil, true) }
            if isOpaque(current) { hides = true }
            if index == components.count - 1 { return (info, hides) }
        }
        return (nil, hides)
    }

    static func isOpaque(_ directory: String) -> Bool {
        FileIO.extendedAttribute(directory, OverlayXattr.opaque) == Array("y".utf8)
    }
}
