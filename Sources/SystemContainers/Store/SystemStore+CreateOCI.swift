#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import OCIImages

extension SystemStore {
    /// Makes container `name` from an image of the app mode's store: its layers flattened into
    /// an ordinary, persistent rootfs. Unprivileged unless `privileged`; all or nothing, as `create`.
    @discardableResult
    public func createFromImage(name: String, image: String, imageStore: ImageStore,
                                extraConfig: String? = nil, privileged: Bool = false) throws -> LXCConfig {
        try requireNew(name)
        let identity = try Self.identityConfigLines(privileged: privileged)
        let resolved = try imageStore.resolve(image)
        let extraText = try extraConfigText(extraConfig)
        try reserve(name)
        do {
            try imageStore.unpackFlattened(resolved, into: rootfsPath(of: name))
            let parameters = resolved.configuration.config
            let choice = try OCIInitChoice.choose(rootfs: rootfsPath(of: name), configuration: parameters)
            let marker = try SystemTemplate.customizeOCI(rootfs: rootfsPath(of: name), name: name, choice: choice)
            let label = resolved.reference?.description ?? resolved.shortID
            let text = try SystemTemplate.ociConfig(name: name, rootfs: rootfsPath(of: name), image: label, choice: choice,
                                                    environment: parameters?.env ?? []) + identity + extraText
            try FileIO.write(configPath(of: name) + ".new", Array(text.utf8))
            let config = try LXCConfig.load(path: configPath(of: name) + ".new")
            var metadata = SystemMetadata(template: SystemTemplate.oci.rawValue, created: Date(), readinessMarker: marker)
            metadata.image = label
            try saveMetadata(metadata, of: name)
            guard rename(configPath(of: name) + ".new", configPath(of: name)) == 0 else {
                throw CoreError.fromErrno("rename \(configPath(of: name)).new")
            }
            return config
        } catch {
            try? FileIO.removeTree(directory(of: name))
            throw error
        }
    }

    /// The user's extra config lines, checked on their own first so an error names their file and line.
    func extraConfigText(_ path: String?) throws(CoreError) -> String {
        guard let path else { return "" }
        _ = try LXCConfig.load(path: path)
        return "\n# from \(path)\n" + (try FileLXCConfigSource().read(path))
    }
}
