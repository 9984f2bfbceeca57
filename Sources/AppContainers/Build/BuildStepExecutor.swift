import OCIImages

/// What the builder needs from the image store and the container runtime: the seam that
/// lets the build plan be tested with a fake and run for real with `LiveBuildExecutor`.
public protocol BuildStepExecutor {
    /// `FROM NAME[:TAG]`: the base image, or an error saying how to get it.
    func resolveImage(_ text: String) throws -> ResolvedImage
    /// An image by manifest digest if the store still holds it (a cache entry may be stale).
    func existingImage(digest: String) -> ResolvedImage?
    /// Runs `request` in a new container in the foreground, its output going to the user, and
    /// returns once it exited. The container stays until `removeContainer`. Stopped by
    /// SIGINT or SIGTERM, it kills the step's processes, removes the container and throws
    /// `AppRunStopped`.
    func run(_ request: BuildRunRequest) throws -> BuildContainerRun
    func removeContainer(_ run: BuildContainerRun)
    /// A new untagged image on `parent`: `upperDirectory` (nil: an empty-layer step) becomes its layer.
    func commit(upperDirectory: String?, parent: ResolvedImage?, configuration: ImageConfiguration.ExecutionParameters,
                createdBy: String) throws -> ResolvedImage
    /// Names the final image.
    func tag(_ image: ResolvedImage, as reference: ImageReference) throws -> ResolvedImage
    /// The merged file tree of `image` as plain files (whiteouts applied), for `COPY --from`.
    func unpackFlattened(_ image: ResolvedImage, into directory: String) throws
    /// A new empty directory on the store's file system for COPY/ADD layers; the builder removes it.
    func makeScratchDirectory() throws -> String
    /// SIGINT or SIGTERM, if one came since the last question: the builder stops before the next step.
    func pendingStop() -> Int32?
}

extension BuildStepExecutor {
    public func pendingStop() -> Int32? { nil }
}

/// A RUN step's container: network none, the build's environment, working directory and user.
public struct BuildRunRequest: Sendable, Equatable {
    public var image: ResolvedImage
    public var arguments: [String]
    public var environment: [String]
    public var workingDirectory: String?
    public var user: String?

    public init(image: ResolvedImage, arguments: [String], environment: [String], workingDirectory: String?, user: String?) {
        self.image = image
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
    }
}

/// A finished RUN container: its exit code and the overlay upper directory holding its changes.
public struct BuildContainerRun: Sendable, Equatable {
    public var containerID: String
    public var exitCode: Int32
    public var upperDirectory: String

    public init(containerID: String, exitCode: Int32, upperDirectory: String) {
        self.containerID = containerID
        self.exitCode = exitCode
        self.upperDirectory = upperDirectory
    }
}
