import NamespaceCore
import OCIImages

/// `cbench app commit`: a container's upper directory becomes one new layer on its image
/// (deletions as whiteouts, by `ImageStore.commit`), with the image's config plus the
/// `--change` lines (Containerfile config instructions: CMD, ENTRYPOINT, ENV, WORKDIR, USER,
/// EXPOSE, LABEL, STOPSIGNAL).
public struct ContainerCommit {
    public let images: ImageStore
    public let containers: AppStore

    public init(images: ImageStore, containers: AppStore) {
        self.images = images
        self.containers = containers
    }

    public func commit(container: String, as reference: ImageReference, changes: [String] = [], message: String? = nil) throws -> ResolvedImage {
        // Bad --change lines fail before anything is looked up or written.
        _ = try Self.configuration(applying: changes, to: nil)
        let id = try containers.resolve(container)
        let record = try containers.loadRecord(of: id)
        let parent = try images.resolve(record.imageDigest)
        let configuration = try Self.configuration(applying: changes, to: parent.configuration.config)
        let process = ([record.config.entrypoint ?? parent.configuration.config?.entrypoint ?? []]
                       + [record.config.command.isEmpty ? parent.configuration.config?.cmd ?? [] : record.config.command]).joined()
        let createdBy = message.map { "\($0) (cbench app commit)" } ?? "cbench app commit: " + process.joined(separator: " ")
        // No changes: an empty-layer step, as two identical empty layers in one stack make
        // overlayfs refuse the mount (ELOOP).
        let upper = containers.upperDirectory(of: id)
        return try images.commit(upperDirectory: ImageBuilder.isEmptyDirectory(upper) ? nil : upper, parent: parent, configuration: configuration,
                                 createdBy: createdBy, reference: reference)
    }

    /// The image's config with `changes` applied in order; a bad line names itself.
    public static func configuration(applying changes: [String], to base: ImageConfiguration.ExecutionParameters?) throws(CoreError)
        -> ImageConfiguration.ExecutionParameters {
        var configuration = base ?? ImageConfiguration.ExecutionParameters()
        for change in changes {
            do throws(CoreErrorDetail) {
                let kind = try InstructionArguments(escape: "\\").parse(BuildText.trimmed(change))
                var variables: [String: String] = [:]
                for entry in configuration.env ?? [] {
                    let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    variables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                }
                guard let parsed = try ImageBuilder.change(for: kind, variables: variables) else {
                    throw CoreErrorDetail("only CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR can be changed")
                }
                parsed.apply(to: &configuration, commandSetInThisBuild: changes.contains { $0.uppercased().hasPrefix("CMD") })
            } catch {
                throw CoreError(stage: "--change '\(change)'", detail: error.text)
            }
        }
        return configuration
    }
}
