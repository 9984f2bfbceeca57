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
        return try commitNew(name, stage: "create") { rootfs in
            try imageStore.unpackFlattened(resolved, into: rootfs)
            let parameters = resolved.configuration.config
            let choice = try OCIInitChoice.choose(rootfs: rootfs, configuration: parameters)
            let marker = try SystemTemplate.customizeOCI(rootfs: rootfs, name: name, choice: choice)
            let label = resolved.reference?.description ?? resolved.shortID
            let text = try SystemTemplate.ociConfig(name: name, rootfs: rootfs, image: label, choice: choice,
                                                    environment: parameters?.env ?? []) + identity + extraText
            var metadata = SystemMetadata(template: SystemTemplate.oci.rawValue, readinessMarker: marker)
            metadata.image = label
            return NewContainer(configText: text, metadata: metadata)
        }
    }
}
