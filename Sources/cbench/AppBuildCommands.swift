import AppContainers
import ArgumentParser
import Foundation
import NamespaceCore
import OCIImages
#if canImport(Glibc)
import Glibc
#endif

/// `cbench app build` and `cbench app commit`: new images from a Containerfile or from a
/// container's changes. Images and containers live under CBENCH_APP_ROOT (default
/// /var/lib/cbench/app); the build's layer cache is ROOT/build-cache.json.
enum AppBuildCommands {
    static let all: [ParsableCommand.Type] = [AppBuild.self, AppCommit.self]

    static func images() -> ImageStore {
        ImageStore(root: ProcessEnvironment.values(["CBENCH_APP_ROOT"])["CBENCH_APP_ROOT"] ?? ImageStore.defaultRoot)
    }

    /// Build output goes straight to descriptor 1, so it keeps its order with what the RUN
    /// containers write there.
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            offset += count
        }
    }
}

struct AppBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build an image from a Containerfile (Dockerfile syntax), reusing unchanged steps from the layer cache.",
        discussion: "Instructions: FROM (also of an earlier stage), RUN, COPY (also --from=STAGE|IMAGE), ADD (local files; local tar "
            + "archives are unpacked), ENV, WORKDIR, USER, "
            + "ENTRYPOINT, CMD, EXPOSE, LABEL, VOLUME, ARG, STOPSIGNAL. RUN steps run in containers with network none. "
            + "Paths in DIR/.containerignore (or .dockerignore) are left out of COPY and ADD. "
            + "-v mounts a host directory into every RUN step (as podman build -v), e.g. a local package repository; "
            + "it is not part of the image and not of the cache key.")
    @Option(name: .shortAndLong, help: "The Containerfile (default: DIR/Containerfile, else DIR/Dockerfile).") var file: String?
    @Option(name: .shortAndLong, help: "NAME[:TAG] of the final image.") var tag: String?
    @Flag(name: .long, help: "Run every step again instead of reusing cached images.") var noCache = false
    @Option(name: .long, help: "ARG value NAME=VALUE (repeatable).") var buildArg: [String] = []
    @Option(name: .shortAndLong, help: "HOSTDIR:PATH[:ro] mounted into every RUN step (repeatable).") var volume: [String] = []
    @Argument(help: "The build context directory.") var context: String

    func run() throws {
        let reference = try tag.map { try ImageReference(parsing: $0) }
        var arguments: [String: String] = [:]
        for entry in buildArg {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw CoreError(stage: "--build-arg \(entry)", errno: EINVAL, detail: "write --build-arg NAME=VALUE")
            }
            arguments[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: context, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CoreError(stage: "build context \(context)", errno: ENOTDIR, detail: "give the directory that holds the files to COPY")
        }
        let path = file ?? (FileManager.default.fileExists(atPath: context + "/Containerfile") ? context + "/Containerfile" : context + "/Dockerfile")
        guard FileManager.default.fileExists(atPath: path) else {
            let what = file == nil ? "no Containerfile or Dockerfile in \(context)" : "no file \(path)"
            throw CoreError(stage: "build", detail: "\(what); name the Containerfile with -f FILE")
        }
        let bytes = try FileIO.read(path)
        let containerfile = try ContainerfileParser().parse(String(decoding: bytes, as: UTF8.self), path: path)
        // From here SIGINT and SIGTERM stop the build in order: the running step's processes
        // killed, its container and layer removed, then exit 128+signal with one line.
        let stopSignals = try BuildStopSignals.block()
        defer { stopSignals.release() }
        let executor = LiveBuildExecutor(images: AppBuildCommands.images(), containers: .fromEnvironment(),
                                         runVolumes: try LiveBuildExecutor.checkedRunVolumes(volume), stopSignals: stopSignals)
        let builder = ImageBuilder(executor: executor, cache: executor.cache, output: AppBuildCommands.say)
        do {
            _ = try builder.build(BuildRequest(containerfile: containerfile, context: BuildContext.loading(context),
                                               tag: reference, buildArguments: arguments, useCache: !noCache))
        } catch let stop as BuildStopped {
            FileHandle.standardError.write(Data("cbench app build: \(stop)\n".utf8))
            throw ExitCode(stop.exitCode)
        }
    }
}

struct AppCommit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Make an image from a container's changes: its upper directory becomes a new layer (deletions as whiteouts).")
    @Option(name: .shortAndLong, help: "Config change as a Containerfile line: 'CMD ...', 'ENV K=V', 'WORKDIR /x' (repeatable).")
    var change: [String] = []
    @Option(name: .shortAndLong, help: "Commit message (kept in the image history).") var message: String?
    @Argument(help: "Container name or ID.") var container: String
    @Argument(help: "NAME[:TAG] of the new image.") var reference: String

    func run() throws {
        let parsed = try ImageReference(parsing: reference)
        let image = try ContainerCommit(images: AppBuildCommands.images(), containers: .fromEnvironment())
            .commit(container: container, as: parsed, changes: change, message: message)
        print("\(parsed) \(image.shortID)")
    }
}
