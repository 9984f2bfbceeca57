import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// Image texts to images: names and ID prefixes in the image store (beside the
/// containers), or an absolute path to an unpacked root file system, used as one layer.
enum AppImageResolution {
    static func resolve(_ text: String, in images: ImageStore) throws -> ResolvedImage {
        guard text.hasPrefix("/") else { return try images.resolve(text) }
        var info = stat()
        guard stat(text, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw CoreError(stage: "image \(text)", errno: ENOENT, detail: "no such root file system directory")
        }
        return ResolvedImage(reference: nil, manifestDigest: "sha256:" + String(repeating: "0", count: 64),
                             configuration: ImageConfiguration(config: .init(cmd: ["sh"])), layerDirectories: [text])
    }
}
