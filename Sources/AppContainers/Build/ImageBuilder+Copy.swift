import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

extension ImageBuilder {
    /// COPY/ADD: the sources written into a fresh upper directory. The cache key holds the
    /// destination, the owner and a digest of the sources' names, modes and contents; for
    /// `COPY --from` the source image's digest stands for the contents.
    func copy(_ copy: CopyInstruction, context: BuildContext, state: inout State, useCache: Bool) throws {
        let words = ShellWords()
        let variables = state.variables
        let patterns = try copy.sources.map { pattern in try words.expand(pattern, variables: variables) }
        if let remote = patterns.first(where: { $0.contains("://") }) {
            throw CoreErrorDetail("\(remote): remote sources are not supported; download into the build context first")
        }
        let destinationText = try words.expand(copy.destination, variables: variables)
        let lookup = ImageLayerLookup(layerDirectories: state.image?.layerDirectories ?? [])
        let destination = lookup.resolvingLinks(ConfigurationChange.resolve(destinationText, from: state.configuration.workingDir))
        let endsWithSlash = destinationText.hasSuffix("/") || destinationText == "." || destinationText.hasSuffix("/.")
        let chown = try copy.chown.map { try words.expand($0, variables: variables) }
        let owner = try chown.map { try lookup.owner($0) } ?? (uid: 0, gid: 0)
        let mode = copy.chmod.flatMap { mode_t($0, radix: 8) }
        let keyword = copy.extractsArchives ? "ADD" : "COPY"
        let options = "--chown=\(owner.uid):\(owner.gid) --chmod=\(copy.chmod ?? "")"
        let target = destination + (endsWithSlash ? "/" : "")

        /// Writes `sources` of `sourceContext` into a new upper directory.
        func writeLayer(_ sources: [String], from sourceContext: BuildContext) throws -> String {
            let upper = try executor.makeScratchDirectory()
            do {
                try CopyLayerWriter(upper: upper, context: sourceContext, image: lookup, owner: owner, mode: mode)
                    .write(sources: sources, destination: destination, endsWithSlash: endsWithSlash, extractArchives: copy.extractsArchives)
            } catch {
                try? FileIO.removeTree(upper)
                throw error
            }
            return upper
        }

        if let from = copy.from {
            let source = try sourceImage(from, state: state)
            let key = BuildCache.key(parent: state.image?.manifestDigest, step: "\(keyword) \(options) \(patterns.joined(separator: " ")) \(target)",
                                     extra: ["from " + (source?.manifestDigest ?? "scratch")])
            try step(key: key, createdBy: "/bin/sh -c #(nop) \(keyword) from \(from) \(patterns.joined(separator: " ")) in \(destination)",
                     configuration: state.configuration, state: &state, useCache: useCache) {
                let tree = try executor.makeScratchDirectory()
                defer { try? FileIO.removeTree(tree) }
                if let source { try executor.unpackFlattened(source, into: tree) }
                let sourceContext = BuildContext(directory: tree, name: "--from=\(from)")
                return try writeLayer(try patterns.flatMap { pattern throws(CoreErrorDetail) in try sourceContext.sources(matching: pattern) },
                                      from: sourceContext)
            }
            return
        }

        let sources = try patterns.flatMap { pattern throws(CoreErrorDetail) in try context.sources(matching: pattern) }
        let digest = try context.digest(of: sources)
        let key = BuildCache.key(parent: state.image?.manifestDigest, step: "\(keyword) \(options) \(sources.joined(separator: " ")) \(target)",
                                 extra: ["sources " + digest])
        try step(key: key, createdBy: "/bin/sh -c #(nop) \(keyword) dir:\(digest) in \(destination)",
                 configuration: state.configuration, state: &state, useCache: useCache) {
            try writeLayer(sources, from: context)
        }
    }

    /// `--from=`: an earlier stage (by `AS` name or index), else an image of the store.
    func sourceImage(_ from: String, state: State) throws -> ResolvedImage? {
        if let index = state.stageIndex(from) { return state.stageImages[index] }
        guard state.stageName != from.lowercased() else {
            throw CoreErrorDetail("--from=\(from) names the stage being built; copy from an earlier one")
        }
        return try executor.resolveImage(from)
    }
}
