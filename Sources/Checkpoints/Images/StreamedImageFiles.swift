/// A manifest's file list made from the image files' bytes as something else reads them (a
/// migration's stream of the image directory), instead of a pass of its own over the directory
/// inside the frozen window: what `CheckpointImage.files` gives for the same files.
public struct StreamedImageFiles: Sendable {
    private var finished: [CheckpointManifest.ImageFile] = []
    /// The file being read; a page file's bytes are counted, not hashed (as `CheckpointImage.files`).
    private var current: (name: String, checksum: ImageChecksum?, size: Int64)?

    public init() {}

    /// The entry `name` (relative to the image directory) starts; its bytes follow through `add`.
    public mutating func begin(_ name: String) {
        end()
        guard !name.contains("/"), CheckpointImage.isListed(name) else { return }
        current = (name, CheckpointImage.isPageFile(name) ? nil : ImageChecksum(), 0)
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        current?.checksum?.add(bytes)
        current?.size += Int64(bytes.count)
    }

    /// The files seen, sorted by name; page files with their size only.
    public mutating func files() -> [CheckpointManifest.ImageFile] {
        end()
        return finished.sorted { $0.name < $1.name }
    }

    private mutating func end() {
        guard let current else { return }
        finished.append(CheckpointManifest.ImageFile(name: current.name, size: current.size, checksum: current.checksum?.hex))
        self.current = nil
    }
}

extension CheckpointManifest {
    /// The manifest of `directory` with `files` in place of what it lists: the one a finished
    /// dump wrote, or the one written before the dump (a lazy dump that is still serving
    /// pages); nil when it has neither (images of another tool).
    public static func completed(in directory: String, files: [ImageFile]) -> CheckpointManifest? {
        guard var manifest = (try? read(from: directory))
                ?? (try? CheckpointRecordCodec.read(CheckpointManifest.self, from: pendingPath(in: directory))) else { return nil }
        manifest.files = files
        return manifest
    }
}
