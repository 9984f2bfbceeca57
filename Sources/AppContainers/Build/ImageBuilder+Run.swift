import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

extension ImageBuilder {
    /// RUN: a container of the current image whose upper directory becomes the layer; the
    /// cache key holds the argv and the build arguments it sees.
    func run(_ form: CommandForm, state: inout State, useCache: Bool) throws {
        guard let image = state.image else {
            throw CoreErrorDetail("RUN needs a base image with the command in it; FROM scratch has none")
        }
        if Set(image.layerDirectories).count < image.layerDirectories.count {
            // overlayfs refuses one directory twice in a stack (ELOOP); say why instead.
            throw CoreErrorDetail("the image holds the same layer twice (two steps made identical changes), which overlayfs cannot stack; "
                                  + "change one of those steps")
        }
        let arguments = form.arguments
        var environment = state.configuration.env ?? []
        let declared = Set(environment.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        // Build arguments reach RUN as environment, under ENV of the same name.
        for (name, value) in state.arguments.sorted(by: { $0.key < $1.key }) where !declared.contains(name) {
            environment.append("\(name)=\(value)")
        }
        let argumentText = state.arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let key = BuildCache.key(parent: image.manifestDigest, step: "RUN " + ConfigurationChange.json(arguments), extra: argumentText)
        let createdBy: String
        if case .shell(let text) = form { createdBy = "/bin/sh -c \(text)" } else { createdBy = "RUN " + ConfigurationChange.json(arguments) }
        let configuration = state.configuration
        var finished: BuildContainerRun?
        defer { if let finished { executor.removeContainer(finished) } }
        try step(key: key, createdBy: createdBy, configuration: configuration, state: &state, useCache: useCache, keepsUpper: true) {
            let request = BuildRunRequest(image: image, arguments: arguments, environment: environment,
                                          workingDirectory: configuration.workingDir, user: configuration.user)
            let container = try executor.run(request)
            finished = container
            guard container.exitCode == 0 else {
                throw StepFailure(text: "'\(arguments.joined(separator: " "))' returned a non-zero code: \(container.exitCode)")
            }
            // A RUN that changed nothing adds an empty-layer step: identical empty layers
            // would otherwise sit twice in one overlay stack, which overlayfs refuses (ELOOP).
            return Self.isEmptyDirectory(container.upperDirectory) ? nil : container.upperDirectory
        }
    }
}
