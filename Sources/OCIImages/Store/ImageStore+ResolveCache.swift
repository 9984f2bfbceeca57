#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Resolutions kept beside the image store (`ROOT/resolved/TEXT`), so that resolving the same
/// text again decodes no JSON: the index, the manifest and the config are read once, and
/// later starts read one small record (`ResolvedImageCodec`). A record holds the index's
/// exact bytes and counts only while the index is byte for byte the same; blobs are named by
/// their digests and never change, so the same index means the same images. It also counts
/// only while every layer directory is there (the full path unpacks a missing one). Records
/// are written without a lock, by rename of a file of the writer's own; one that cannot be
/// written is skipped (a store the user cannot write still resolves).
extension ImageStore {
    var resolveCacheDirectory: String { root + "/resolved" }

    /// The record's path for `text`, or nil for a text too long for a file name. `/` and `%`
    /// are escaped, so two texts never share a record.
    func resolveCachePath(for text: String) -> String? {
        var name = ""
        for character in text.unicodeScalars {
            switch character {
            case "/": name += "%2F"
            case "%": name += "%25"
            default: name.unicodeScalars.append(character)
            }
        }
        guard !name.isEmpty, name.utf8.count <= 200, name != ".", name != ".." else { return nil }
        return resolveCacheDirectory + "/" + name
    }

    /// `text` resolved from its record, or nil (no record, a stale one, a layer gone).
    func cachedResolution(of text: String, index: [UInt8]) -> ResolvedImage? {
        guard let path = resolveCachePath(for: text), let record = try? FileIO.read(path, limit: 1 << 20),
              let image = ResolvedImageCodec.decode(record, text: text, index: index),
              image.layerDirectories.allSatisfy(FileSystem.isDirectory) else { return nil }
        return image
    }

    /// Keeps `image` as the resolution of `text` under `index`; best effort.
    func cacheResolution(_ image: ResolvedImage, of text: String, index: [UInt8]) {
        guard let path = resolveCachePath(for: text) else { return }
        guard mkdir(resolveCacheDirectory, 0o700) == 0 || errno == EEXIST else { return }
        let temporary = path + ".tmp-\(getpid())"
        guard (try? FileIO.write(temporary, ResolvedImageCodec.encode(image, text: text, index: index), mode: 0o600)) != nil,
              rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
    }
}
