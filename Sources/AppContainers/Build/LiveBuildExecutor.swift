import Foundation
import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// The real build steps: images from the `ImageStore`, RUN containers through `AppRuntime`
/// (network none, foreground, output to the caller) in the containers' `AppStore`.
public struct LiveBuildExecutor: BuildStepExecutor {
    public let images: ImageStore
    public let containers: AppStore
    /// `HOSTDIR:PATH[:ro]` bind-mounted into every RUN container (`build -v`): what a step
    /// needs from the host but the image must not keep, such as a local package repository.
    /// Like podman's, they are not part of the cache key.
    public let runVolumes: [String]
    /// SIGINT and SIGTERM, blocked for the build; nil leaves them as they are (a library caller).
    public let stopSignals: BlockedSignals?

    public init(images: ImageStore, containers: AppStore, runVolumes: [String] = [], stopSignals: BlockedSignals? = nil) {
        self.images = images
        self.containers = containers
        self.runVolumes = runVolumes
        self.stopSignals = stopSignals
    }

    public func pendingStop() -> Int32? { stopSignals?.pending() }

    /// The `-v` texts of a build: host directories only (a named volume would outlive the build).
    public static func checkedRunVolumes(_ texts: [String]) throws -> [String] {
        let mounts = try texts.map { text in (text, try VolumeMount(parsing: text)) }
        for (text, mount) in mounts {
            guard case .bind = mount.source else {
                throw CoreError(stage: "build -v \(text)", errno: EINVAL, detail: "a build mounts host directories only: give HOSTDIR:PATH[:ro]")
            }
        }
        try VolumeStore(root: "/nonexistent").check(mounts.map(\.1))
        return texts
    }

    /// The layer cache kept beside the images it points at.
    public var cache: BuildCache { BuildCache(path: images.root + "/build-cache.json") }

    public func resolveImage(_ text: String) throws -> ResolvedImage {
        try images.resolve(text)
    }

    public func existingImage(digest: String) -> ResolvedImage? {
        guard let image = try? images.resolve(digest), image.manifestDigest == digest else { return nil }
        return image
    }

    public func run(_ request: BuildRunRequest) throws -> BuildContainerRun {
        let image = request.image
        var runtime = AppRuntime(store: containers, resolveImage: { _ in image })
        if stopSignals != nil { runtime.stoppingSignals = Set(BuildStopSignals.signals) }
        // An empty entrypoint: RUN runs its own command whatever the image's ENTRYPOINT is.
        let config = AppContainerConfig(image: image.shortID, command: request.arguments, entrypoint: [],
                                        environment: request.environment, workingDirectory: request.workingDirectory,
                                        user: request.user, volumes: runVolumes)
        let (record, status) = try runtime.run(config)
        return BuildContainerRun(containerID: record.id, exitCode: status?.exitCodeForShell ?? 0,
                                 upperDirectory: containers.upperDirectory(of: record.id))
    }

    public func removeContainer(_ run: BuildContainerRun) {
        try? Self.remover(containers).remove(run.containerID, force: true)
    }

    /// What a build ended by SIGKILL, which had no chance to clean up, left in stores only
    /// builds use (a stack's build store, guarded by its cache lock): every container (its RUN
    /// step's, still running in a session of its own, is killed first), the scratch
    /// directories of builds that are gone, and the image store's half-written blobs and
    /// layers. Returns what could not be removed, each with its cause.
    public static func removeLeftovers(containers: AppStore, images: ImageStore) -> [String] {
        let runtime = remover(containers)
        var failed: [String] = []
        for id in containers.ids() {
            do { try runtime.remove(id, force: true) } catch { failed.append("container \(id.prefix(12)): \(error)") }
        }
        let executor = LiveBuildExecutor(images: images, containers: containers)
        executor.removeAbandonedScratch(in: executor.scratchParent)
        do { try images.removeAbandonedTemporaries() } catch { failed.append("image store temporaries: \(error)") }
        return failed
    }

    /// A runtime that removes containers (it never needs to resolve an image).
    static func remover(_ store: AppStore) -> AppRuntime {
        AppRuntime(store: store, resolveImage: { text in throw CoreError(stage: "image \(text)", detail: "not needed to remove") })
    }

    public func commit(upperDirectory: String?, parent: ResolvedImage?, configuration: ImageConfiguration.ExecutionParameters,
                       createdBy: String) throws -> ResolvedImage {
        try images.commit(upperDirectory: upperDirectory, parent: parent, configuration: configuration, createdBy: createdBy, reference: nil)
    }

    public func tag(_ image: ResolvedImage, as reference: ImageReference) throws -> ResolvedImage {
        try images.tag(image, as: reference)
    }

    public func unpackFlattened(_ image: ResolvedImage, into directory: String) throws {
        try images.unpackFlattened(image, into: directory)
    }

    /// Where COPY and ADD layers are made, each in a directory named after its build's pid.
    var scratchParent: String { images.root + "/build-tmp" }

    public func makeScratchDirectory() throws -> String {
        let parent = scratchParent
        try FileIO.makeDirectories(parent, mode: 0o700)
        removeAbandonedScratch(in: parent)
        var template = Array((parent + "/layer-\(getpid())-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw CoreError(stage: "mkdtemp \(parent)", errno: errno) }
        let path = String(cString: made)
        // The upper directory is the layer's root: it must look like one.
        guard chmod(path, 0o755) == 0 else { throw CoreError(stage: "chmod \(path)", errno: errno) }
        return path
    }

    /// Scratch directories of builds that died (named after their process, which is gone).
    func removeAbandonedScratch(in parent: String) {
        guard let names = try? FileIO.names(in: parent) else { return }
        for name in names {
            let parts = name.split(separator: "-")
            guard parts.count == 3, parts[0] == "layer", let pid = Int32(parts[1]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileIO.removeTree(parent + "/" + name) }
        }
    }
}
