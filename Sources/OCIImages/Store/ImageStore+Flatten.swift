import NamespaceCore

extension ImageStore {
    /// Flattens an image into an ordinary directory (no whiteout files left): for system
    /// containers' `oci` template and for export. The directory is made if missing.
    public func unpackFlattened(_ image: ResolvedImage, into directory: String) throws {
        try FileIO.makeDirectories(directory, mode: 0o755)
        let flattener = LayerFlattener(destination: try FileSystem.realPath(directory))
        for layerDirectory in image.layerDirectories {
            guard FileSystem.isDirectory(layerDirectory) else {
                throw CoreError(stage: "flatten \(image.shortID)", detail: "layer \(layerDirectory) is missing; `cbench app rmi` and load the image again")
            }
            try flattener.apply(layerDirectory: layerDirectory)
        }
    }
}
