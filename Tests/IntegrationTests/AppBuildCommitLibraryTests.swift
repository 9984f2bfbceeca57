import Foundation
import Testing
import NamespaceCore
import OCIImages
@testable import AppContainers

/// The live build executor through the libraries (not the CLI; `cbench app commit` is tested
/// through the CLI in AppBuildTests), as root, in a private image store and container store under /tmp/cbench-apptest-buildlib-*.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root and the busybox rootfs"))
struct AppBuildCommitLibraryTests {
    struct Stores {
        let root: String
        let images: ImageStore
        let containers: AppStore
        let runtime: AppRuntime

        init() throws {
            let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            root = "/tmp/cbench-apptest-buildlib-\(unique)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let images = ImageStore(root: root)
            self.images = images
            containers = AppStore(root: root, runRoot: "/run/cbench/apptest-buildlib-\(unique)")
            runtime = AppRuntime(store: containers, resolveImage: { try images.resolve($0) })
        }

        /// Runs `script` in a kept container of `image`; returns its ID and its output.
        func run(_ image: String, _ script: String) throws -> (id: String, output: String) {
            let (record, status) = try runtime.run(AppContainerConfig(image: image, command: ["sh", "-c", script]))
            #expect(status == .exited(0))
            return (record.id, String(decoding: try runtime.logs(record.id), as: UTF8.self))
        }

        func tearDown() {
            for id in containers.ids() { try? runtime.remove(id, force: true) }
            try? FileManager.default.removeItem(atPath: root)
            rmdir(containers.runRoot)
            if let host = try? CgroupHost.current() { Cgroup.removeEmptyProjectParents(host: host) }
            rmdir("/run/cbench")
        }
    }

    @Test func liveExecutorBuildsAndTheImageRuns() throws {
        let stores = try Stores()
        defer { stores.tearDown() }
        _ = try stores.images.importRootfs(from: AppTestHarness.busyboxRootfs, as: ImageReference(name: "busybox"),
                                           configuration: .init(env: [AppProcess.defaultPath], cmd: ["sh"]))
        let context = stores.root + "/context"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try "copied\n".write(toFile: context + "/file.txt", atomically: false, encoding: .utf8)
        let text = "FROM busybox\nENV K=v\nWORKDIR /w\nRUN echo ran > r.txt; rm /etc/os-release\nCOPY file.txt .\nUSER nobody\nCMD [\"sh\"]\n"
        let executor = LiveBuildExecutor(images: stores.images, containers: stores.containers)
        var lines: [String] = []
        let result = try ImageBuilder(executor: executor, cache: executor.cache) { lines.append($0) }
            .build(BuildRequest(containerfile: try ContainerfileParser().parse(text, path: "Containerfile"),
                                context: BuildContext(directory: context), tag: ImageReference(name: "built")))
        #expect(lines.last == "Successfully tagged built:latest")
        #expect(try stores.images.resolve("built").manifestDigest == result.image.manifestDigest)
        let output = try stores.run("built", "cat r.txt file.txt; echo $K; pwd; id -u; test -e /etc/os-release || echo deleted").output
        #expect(output == "ran\ncopied\nv\n/w\n65534\ndeleted\n")
        // Only the run just made is left: the RUN step's container was removed.
        #expect(stores.containers.ids().count == 1)
    }
}
