import Foundation
import NamespaceCore
import OCIImages
@testable import AppContainers

enum ImageConfigurationFixture {
    static func parameters(env: [String]? = nil, cmd: [String]? = nil, workingDir: String? = nil) -> ImageConfiguration.ExecutionParameters {
        ImageConfiguration.ExecutionParameters(env: env, cmd: cmd, workingDir: workingDir)
    }
}

/// A private directory under /tmp (apptest-build-...), removed by `remove()`.
struct BuildTestDirectory {
    let path: String

    init() throws {
        path = "/tmp/apptest-build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String, mode: Int = 0o644) throws {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Records what the builder asks for and answers from memory: images by digest, a RUN whose
/// exit code the test chooses and whose upper directory holds one file named after the step.
final class FakeBuildExecutor: BuildStepExecutor {
    struct Commit {
        var parent: String?
        var createdBy: String
        var configuration: ImageConfiguration.ExecutionParameters
        /// Relative paths (and contents of files) the upper directory held at commit time.
        var files: [String: String]
    }

    let scratch: String
    let base: ResolvedImage
    var images: [String: ResolvedImage] = [:]
    var commits: [Commit] = []
    var runs: [BuildRunRequest] = []
    var removed: [String] = []
    var tags: [String] = []
    var flattened: [String] = []
    var runExitCode: Int32 = 0
    var counter = 0

    init(scratch: String, baseLayer: String, baseConfiguration: ImageConfiguration.ExecutionParameters? = nil) {
        self.scratch = scratch
        base = ResolvedImage(reference: ImageReference(name: "base"), manifestDigest: "sha256:" + String(repeating: "b", count: 64),
                             configuration: ImageConfiguration(config: baseConfiguration), layerDirectories: [baseLayer])
        images[base.manifestDigest] = base
    }

    func resolveImage(_ text: String) throws -> ResolvedImage {
        guard text == "base" else { throw CoreError(stage: "resolve \(text)", detail: "no such image") }
        return base
    }

    func existingImage(digest: String) -> ResolvedImage? { images[digest] }

    func run(_ request: BuildRunRequest) throws -> BuildContainerRun {
        runs.append(request)
        let upper = try makeScratchDirectory()
        try "ran".write(toFile: upper + "/run-\(runs.count)", atomically: false, encoding: .utf8)
        return BuildContainerRun(containerID: "c\(runs.count)", exitCode: runExitCode, upperDirectory: upper)
    }

    func removeContainer(_ run: BuildContainerRun) {
        removed.append(run.containerID)
        try? FileManager.default.removeItem(atPath: run.upperDirectory)
    }

    func commit(upperDirectory: String?, parent: ResolvedImage?, configuration: ImageConfiguration.ExecutionParameters,
                createdBy: String) throws -> ResolvedImage {
        counter += 1
        var files: [String: String] = [:]
        if let upperDirectory, let walk = FileManager.default.enumerator(atPath: upperDirectory) {
            while let relative = walk.nextObject() as? String {
                files[relative] = (try? String(contentsOfFile: upperDirectory + "/" + relative, encoding: .utf8)) ?? "<dir>"
            }
        }
        commits.append(Commit(parent: parent?.manifestDigest, createdBy: createdBy, configuration: configuration, files: files))
        let digest = "sha256:" + String(format: "%064x", counter + 1000 * Int(UInt16.random(in: 1...999)))
        // The upper directory goes away after the commit: keep a copy as the new layer.
        var layers = parent?.layerDirectories ?? []
        if let upperDirectory {
            let layer = scratch + "/layer-\(counter)-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.copyItem(atPath: upperDirectory, toPath: layer)
            layers.append(layer)
        }
        let image = ResolvedImage(reference: nil, manifestDigest: digest,
                                  configuration: ImageConfiguration(config: configuration), layerDirectories: layers)
        images[digest] = image
        return image
    }

    func tag(_ image: ResolvedImage, as reference: ImageReference) throws -> ResolvedImage {
        tags.append("\(reference)")
        var tagged = image
        tagged.reference = reference
        return tagged
    }

    /// Layers copied over each other (the fakes' layers have no whiteouts).
    func unpackFlattened(_ image: ResolvedImage, into directory: String) throws {
        flattened.append(image.manifestDigest)
        for layer in image.layerDirectories {
            for name in try FileManager.default.contentsOfDirectory(atPath: layer) {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
                try FileManager.default.copyItem(atPath: layer + "/" + name, toPath: directory + "/" + name)
            }
        }
    }

    func makeScratchDirectory() throws -> String {
        let directory = scratch + "/upper-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }
}
