import NamespaceCore
import OCIImages

/// What one build is asked to do.
public struct BuildRequest: Sendable {
    public var containerfile: Containerfile
    public var context: BuildContext
    public var tag: ImageReference?
    public var buildArguments: [String: String]
    public var useCache: Bool

    public init(containerfile: Containerfile, context: BuildContext, tag: ImageReference? = nil,
                buildArguments: [String: String] = [:], useCache: Bool = true) {
        self.containerfile = containerfile
        self.context = context
        self.tag = tag
        self.buildArguments = buildArguments
        self.useCache = useCache
    }
}

public struct BuildResult: Sendable {
    public var image: ResolvedImage
    /// How many steps reused a cached image.
    public var cachedSteps: Int
}

/// Runs a Containerfile step by step on top of the current image, as Docker's classic builder
/// does: RUN in a container whose upper directory becomes a layer, COPY/ADD into a fresh upper
/// directory, config instructions as empty-layer steps. Each step is looked up in the layer
/// cache first. Only the final image is tagged; the intermediate ones stay as the cache.
public struct ImageBuilder {
    let executor: any BuildStepExecutor
    let cache: BuildCache
    let output: (String) -> Void

    public init(executor: any BuildStepExecutor, cache: BuildCache, output: @escaping (String) -> Void) {
        self.executor = executor
        self.cache = cache
        self.output = output
    }

    /// Where the build stands between steps.
    struct State {
        var image: ResolvedImage?
        var configuration = ImageConfiguration.ExecutionParameters()
        var globalArguments: [String: String] = [:]
        var arguments: [String: String] = [:]
        var commandSet = false
        var started = false
        /// Finished stages' images (nil: an empty scratch stage), for `FROM STAGE` and `COPY --from`.
        var stageImages: [ResolvedImage?] = []
        var stageIndexByName: [String: Int] = [:]
        var stageName: String?
        var cachedSteps = 0

        /// Docker's substitution scope: build arguments, overridden by ENV.
        var variables: [String: String] {
            var variables = started ? arguments : globalArguments
            for entry in configuration.env ?? [] {
                guard let equals = entry.firstIndex(of: "=") else { continue }
                variables[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            return variables
        }
    }

    public func build(_ request: BuildRequest) throws -> BuildResult {
        var state = State()
        let instructions = request.containerfile.instructions
        for (index, instruction) in instructions.enumerated() {
            let stopped = { (signal: Int32) in BuildStopped(signal: signal, step: index + 1, steps: instructions.count, instruction: instruction.text) }
            if let signal = executor.pendingStop() { throw stopped(signal) }
            output("STEP \(index + 1)/\(instructions.count): \(instruction.text)")
            do {
                try perform(instruction, request: request, state: &state)
            } catch let stop as AppRunStopped {
                throw stopped(stop.signal)
            } catch let error as CoreErrorDetail {
                throw CoreError(stage: "\(instruction.location) \(instruction.keyword)", detail: error.text)
            } catch let error as StepFailure {
                throw CoreError(stage: "\(instruction.location) \(instruction.keyword)",
                                detail: "step \(index + 1)/\(instructions.count): \(error.text)")
            } catch let error as CoreError {
                throw CoreError(stage: "\(instruction.location) \(instruction.keyword)", errno: error.errno,
                                detail: error.errno == nil ? error.description : "\(error.stage)\(error.detail.map { "; " + $0 } ?? "")")
            } catch {
                throw CoreError(stage: "\(instruction.location) \(instruction.keyword)", detail: "\(error)")
            }
            if let image = state.image { output(" ---> \(image.shortID)") }
        }
        if let signal = executor.pendingStop() { throw BuildStopped(signal: signal, step: 0, steps: instructions.count, instruction: "") }
        guard var image = state.image else {
            throw CoreError(stage: request.containerfile.path, detail: "FROM scratch with no other step builds nothing; add COPY or ADD")
        }
        output("Successfully built \(image.shortID)")
        if let tag = request.tag {
            image = try executor.tag(image, as: tag)
            output("Successfully tagged \(tag)")
        }
        return BuildResult(image: image, cachedSteps: state.cachedSteps)
    }

    /// A RUN that exited non-zero, or an executor failure during a step.
    struct StepFailure: Error {
        var text: String
    }
}
