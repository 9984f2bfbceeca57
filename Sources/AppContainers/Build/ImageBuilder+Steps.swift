import Foundation
import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

extension ImageBuilder {
    func perform(_ instruction: ContainerfileInstruction, request: BuildRequest, state: inout State) throws {
        let words = ShellWords()
        switch instruction.kind {
        case .arg(let name, let defaultValue):
            let value = try request.buildArguments[name] ?? defaultValue.map { try words.expand($0, variables: state.variables) }
                ?? (state.started ? state.globalArguments[name] : nil)
            // Declared without a value: unset, as in Docker (`${NAME-x}` gives x).
            guard let value else { return }
            if state.started { state.arguments[name] = value } else { state.globalArguments[name] = value }
        case .from(let imageText, let stage):
            let name = try words.expand(imageText, variables: state.globalArguments)
            if state.started { state.finishStage() }
            let earlierStage = state.stageIndexByName[name.lowercased()]
            state.stageName = stage?.lowercased()
            state.started = true
            state.arguments = [:]
            state.commandSet = false
            if name == "scratch" {
                state.image = nil
                state.configuration = ImageConfiguration.ExecutionParameters()
            } else if let earlierStage {
                let earlier = state.stageImages[earlierStage]
                state.image = earlier
                state.configuration = earlier?.configuration.config ?? ImageConfiguration.ExecutionParameters()
            } else {
                let image = try executor.resolveImage(name)
                state.image = image
                state.configuration = image.configuration.config ?? ImageConfiguration.ExecutionParameters()
            }
        case .run(let form):
            try run(form, state: &state, useCache: request.useCache)
        case .copy(let copy):
            try self.copy(copy, context: request.context, state: &state, useCache: request.useCache)
        default:
            guard let change = try Self.change(for: instruction.kind, variables: state.variables) else { return }
            try configure(change, state: &state, useCache: request.useCache)
        }
    }

    /// The config change of ENV, LABEL, USER, CMD, ENTRYPOINT, EXPOSE, STOPSIGNAL and WORKDIR,
    /// variables expanded where Docker expands them (not in CMD/ENTRYPOINT: the shell does).
    public static func change(for kind: BuildInstruction, variables: [String: String]) throws(CoreErrorDetail) -> ConfigurationChange? {
        let words = ShellWords()
        switch kind {
        case .env(let pairs):
            // Every pair sees the environment from before this ENV, as in Docker
            // (`ENV abc=bye def=$abc` gives def the old abc).
            return .environment(try pairs.map { pair throws(CoreErrorDetail) in (pair.key, try words.expand(pair.value, variables: variables)) })
        case .label(let pairs):
            return .labels(try pairs.map { pair throws(CoreErrorDetail) in
                (try words.expand(pair.key, variables: variables), try words.expand(pair.value, variables: variables))
            })
        case .user(let user): return .user(try words.expand(user, variables: variables))
        case .workdir(let path): return .workingDirectory(try words.expand(path, variables: variables))
        case .stopSignal(let signal):
            let expanded = try words.expand(signal, variables: variables)
            guard Signal.number(named: expanded) != nil else { throw CoreErrorDetail("\(expanded) is not a signal name or number (SIGTERM, TERM, 15)") }
            return .stopSignal(expanded)
        case .expose(let ports):
            return .exposedPorts(try ports.map { port throws(CoreErrorDetail) in try words.expand(port, variables: variables) })
        case .volume(let paths):
            return .volumes(try paths.map { path throws(CoreErrorDetail) in try words.expand(path, variables: variables) })
        case .cmd(let form): return .command(form.arguments)
        case .entrypoint(let form): return .entrypoint(form.arguments)
        case .from, .run, .copy, .arg: return nil
        }
    }

    /// An empty-layer step, except WORKDIR of a directory the image lacks: that step also
    /// creates it, so RUN can start there.
    func configure(_ change: ConfigurationChange, state: inout State, useCache: Bool) throws {
        var configuration = state.configuration
        change.apply(to: &configuration, commandSetInThisBuild: state.commandSet)
        if case .command = change { state.commandSet = true }
        var missingDirectory: String?
        if case .workingDirectory = change, let directory = configuration.workingDir,
           !ImageLayerLookup(layerDirectories: state.image?.layerDirectories ?? []).isDirectory(directory) {
            missingDirectory = directory
        }
        let key = BuildCache.key(parent: state.image?.manifestDigest, step: change.description)
        let layers = ImageLayerLookup(layerDirectories: state.image?.layerDirectories ?? [])
        try step(key: key, createdBy: "/bin/sh -c #(nop) \(change.description)", configuration: configuration,
                 state: &state, useCache: useCache) {
            guard let missingDirectory else { return nil }
            let upper = try executor.makeScratchDirectory()
            let writer = CopyLayerWriter(upper: upper, context: BuildContext(directory: upper),
                                         image: layers, owner: (0, 0), mode: nil)
            do {
                try writer.ensureDirectory(missingDirectory)
            } catch {
                try? FileIO.removeTree(upper)
                throw error
            }
            return upper
        }
    }

    /// Reuses the cached image of `key` if it still exists; otherwise makes the upper
    /// directory, commits it (removing it afterwards unless it belongs to a container), and
    /// records the new image in the cache.
    func step(key: String, createdBy: String, configuration: ImageConfiguration.ExecutionParameters, state: inout State,
              useCache: Bool, keepsUpper: Bool = false, makeUpper: () throws -> String?) throws {
        if useCache, let digest = try cache.lookup(key), let cached = executor.existingImage(digest: digest) {
            output(" ---> Using cache")
            state.image = cached
            state.configuration = cached.configuration.config ?? configuration
            state.cachedSteps += 1
            return
        }
        let upper = try makeUpper()
        defer { if let upper, !keepsUpper { try? FileIO.removeTree(upper) } }
        let image = try executor.commit(upperDirectory: upper, parent: state.image, configuration: configuration, createdBy: createdBy)
        try cache.store(key, digest: image.manifestDigest)
        state.image = image
        state.configuration = configuration
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        (try? FileIO.names(in: path))?.isEmpty ?? false
    }
}
