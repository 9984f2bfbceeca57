import Foundation
import NamespaceCore
import OCIImages
import Testing

/// What the real tools make of our layouts, and we of theirs: umoci 0.4.7 and skopeo 1.9.3
/// from Debian. Each test works in its own /tmp/imgtest-... directory, removed at the end.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ImageInteropHost.ready, "needs root, umoci, skopeo and the busybox rootfs"))
struct ImageInteropTests {
    let host = HostCommandRunner()

    func run(_ arguments: [String]) throws -> String {
        let result = try #require(host.run(arguments), "\(arguments[0]) did not start")
        try #require(result.status == 0, "\(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    @Test func umociAndSkopeoReadWhatWeSave() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let store = ImageStore(root: work + "/store")
        let image = try store.importRootfs(from: ImageInteropHost.busybox, as: ImageReference(name: "busybox", tag: "1"),
                                           configuration: .init(env: ["PATH=/bin"], cmd: ["/bin/echo", "hi"]))
        try store.save([ImageReference(name: "busybox", tag: "1")], to: work + "/saved")

        // Named as docker and containerd name a saved image: the tag is the ref name.
        _ = try run(["umoci", "unpack", "--image", work + "/saved:1", work + "/bundle"])
        #expect(FileManager.default.isExecutableFile(atPath: work + "/bundle/rootfs/bin/busybox"))
        let spec = try String(contentsOfFile: work + "/bundle/config.json", encoding: .utf8)
        #expect(spec.contains("\"/bin/echo\""))

        let inspected = try run(["skopeo", "inspect", "oci:" + work + "/saved:1"])
        #expect(inspected.contains(image.manifestDigest))
        _ = try run(["skopeo", "copy", "oci:" + work + "/saved:1", "oci:" + work + "/copied:t"])

        // skopeo kept our manifest byte for byte, so the image ID survives the trip.
        let reloaded = try #require(try ImageStore(root: work + "/other").load(layout: work + "/copied").first)
        #expect(reloaded.manifestDigest == image.manifestDigest)
        #expect(reloaded.reference == ImageReference(name: "copied", tag: "t"))
    }

    @Test func weLoadWhatUmociWritesWithWhiteouts() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let layout = work + "/umoci"
        _ = try run(["umoci", "init", "--layout", layout])
        _ = try run(["umoci", "new", "--image", layout + ":app"])
        _ = try run(["umoci", "insert", "--image", layout + ":app", ImageInteropHost.busybox + "/bin", "/bin"])
        _ = try run(["umoci", "unpack", "--image", layout + ":app", work + "/bundle"])
        try FileManager.default.createDirectory(atPath: work + "/bundle/rootfs/etc", withIntermediateDirectories: true)
        try "hello\n".write(toFile: work + "/bundle/rootfs/etc/greeting", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: work + "/bundle/rootfs/bin/ls")
        _ = try run(["umoci", "repack", "--image", layout + ":app", work + "/bundle"])
        _ = try run(["umoci", "config", "--image", layout + ":app", "--config.cmd", "/bin/sh"])

        let store = ImageStore(root: work + "/store")
        let loaded = try #require(try store.load(layout: layout).first)
        #expect(loaded.reference == ImageReference(name: "umoci", tag: "app"))
        #expect(loaded.configuration.config?.cmd == ["/bin/sh"])
        let top = try #require(loaded.layerDirectories.last)
        var info = stat()
        #expect(lstat(top + "/bin/ls", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR && info.st_rdev == 0)

        try store.unpackFlattened(loaded, into: work + "/flat")
        #expect(!FileManager.default.fileExists(atPath: work + "/flat/bin/ls"))
        #expect(FileManager.default.fileExists(atPath: work + "/flat/bin/busybox"))
        #expect(try String(contentsOfFile: work + "/flat/etc/greeting", encoding: .utf8) == "hello\n")
    }

    @Test func weLoadZstdLayersSkopeoWrites() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let store = ImageStore(root: work + "/store")
        _ = try store.importRootfs(from: ImageInteropHost.busybox, as: ImageReference(name: "busybox"))
        try store.save([ImageReference(name: "busybox")], to: work + "/saved")
        _ = try run(["skopeo", "copy", "--dest-compress-format", "zstd", "oci:" + work + "/saved:latest", "oci:" + work + "/zstd:z"])
        let loaded = try #require(try ImageStore(root: work + "/other").load(layout: work + "/zstd").first)
        #expect(FileManager.default.isExecutableFile(atPath: loaded.layerDirectories[0] + "/bin/busybox"))
    }

    @Test func weLoadDockerMediaTypes() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let store = ImageStore(root: work + "/store")
        _ = try store.importRootfs(from: ImageInteropHost.busybox, as: ImageReference(name: "busybox"))
        try store.save([ImageReference(name: "busybox")], to: work + "/saved")
        _ = try run(["skopeo", "copy", "--format", "v2s2", "oci:" + work + "/saved:latest", "oci:" + work + "/docker:d"])
        let other = ImageStore(root: work + "/other")
        let loaded = try #require(try other.load(layout: work + "/docker").first)
        #expect(FileManager.default.isExecutableFile(atPath: loaded.layerDirectories[0] + "/bin/busybox"))
        // skopeo 1.9 reads no docker-typed manifest from an OCI layout, not even its own, so the
        // re-saved copy is checked by loading it back here.
        try other.save([ImageReference(name: "docker", tag: "d")], to: work + "/resaved")
        let again = try #require(try ImageStore(root: work + "/third").load(layout: work + "/resaved").first)
        #expect(again.manifestDigest == loaded.manifestDigest)
    }

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs a built cbench"))
    func cliImportImagesSaveRmi() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let cbench = try #require(OCITestHarness.builtExecutable("cbench"))
        let env = ["env", "CBENCH_APP_ROOT=" + work + "/store", cbench, "app"]
        #expect(try run(env + ["import", ImageInteropHost.busybox, "bb:2", "--cmd", "/bin/sh"]).hasPrefix("bb:2 "))
        let listing = try run(env + ["images"])
        #expect(listing.contains("REPOSITORY") && listing.contains("bb ") && listing.contains(" 2 "))
        _ = try run(env + ["save", "bb:2", work + "/saved"])
        #expect(FileManager.default.fileExists(atPath: work + "/saved/oci-layout"))
        _ = try run(env + ["rmi", "bb:2"])
        let missing = try #require(host.run(env + ["rmi", "bb:2"]))
        #expect(missing.status != 0)
        #expect(missing.output.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/store/layers/sha256").isEmpty)
    }
}

/// The README's example and podman's archives, through the CLI.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ImageInteropHost.ready && OCITestHarness.builtExecutable("cbench") != nil, "needs root, skopeo, a built cbench and the busybox rootfs"))
struct ImageArchiveInteropTests {
    let host = HostCommandRunner()

    func run(_ arguments: [String]) throws -> String {
        let result = try #require(host.run(arguments), "\(arguments[0]) did not start")
        try #require(result.status == 0, "\(arguments.joined(separator: " ")): \(result.output)")
        return result.output
    }

    func cbench(_ work: String) throws -> [String] {
        ["env", "CBENCH_APP_ROOT=" + work + "/store", try #require(OCITestHarness.builtExecutable("cbench")), "app"]
    }

    /// `cbench app save busybox DIR`, then `skopeo inspect oci:DIR:latest`, as the README says;
    /// skopeo's own oci-archive of it loads back under the same name.
    @Test func skopeoFindsTheSavedTagAndItsArchiveLoadsBack() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let app = try cbench(work)
        _ = try run(app + ["import", ImageInteropHost.busybox, "busybox"])
        _ = try run(app + ["save", "busybox", work + "/saved"])
        let inspected = try run(["skopeo", "inspect", "oci:" + work + "/saved:latest"])
        #expect(inspected.contains("\"Digest\""), "\(inspected)")
        _ = try run(["skopeo", "copy", "oci:" + work + "/saved:latest", "oci-archive:" + work + "/busybox.tar:localhost/busybox:copied"])
        #expect(try run(app + ["load", work + "/busybox.tar"]).contains("busybox:copied"))
        #expect(try run(app + ["load", "-i", work + "/saved"]).contains("loaded busybox:latest"))
        #expect(try run(app + ["images"]).contains("copied"))
        let notArchive = try #require(host.run(app + ["load", "/etc/hostname"]))
        #expect(notArchive.status != 0 && notArchive.output.contains("oci-archive"), "\(notArchive.output)")
    }

    /// `podman save --format oci-archive` loads; podman loads what we save.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/podman"), "needs podman"))
    func podmanArchivesGoBothWays() throws {
        let work = try ImageInteropHost.workDirectory()
        defer { ImageInteropHost.remove(work) }
        let app = try cbench(work)
        let name = "localhost/cbench-interop-\(getpid()):1"
        _ = try run(["tar", "-C", ImageInteropHost.busybox, "-cf", work + "/rootfs.tar", "."])
        _ = try run(["podman", "import", "--change", "CMD=/bin/sh", work + "/rootfs.tar", name])
        defer { _ = host.run(["podman", "rmi", "--force", name]) }
        _ = try run(["podman", "save", "--format", "oci-archive", "-o", work + "/podman.tar", name])
        let loaded = try run(app + ["load", work + "/podman.tar"])
        #expect(loaded.contains("loaded cbench-interop-\(getpid()):1"), "\(loaded)")
        #expect(try run(app + ["images"]).contains("cbench-interop-\(getpid())"))

        _ = try run(app + ["save", "cbench-interop-\(getpid()):1", work + "/ours"])
        _ = try run(["tar", "-C", work + "/ours", "-cf", work + "/ours.tar", "."])
        _ = host.run(["podman", "rmi", "--force", name])
        let back = try run(["podman", "load", "-i", work + "/ours.tar"])
        #expect(back.contains("cbench-interop-\(getpid())"), "\(back)")
        _ = host.run(["podman", "rmi", "--force", "cbench-interop-\(getpid()):1"])
    }
}

enum ImageInteropHost {
    static let busybox = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"

    static var ready: Bool {
        getuid() == 0 && FileManager.default.fileExists(atPath: busybox + "/bin/busybox")
            && ["umoci", "skopeo"].allSatisfy { tool in ["/usr/bin/", "/usr/local/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + tool) } }
    }

    static func workDirectory() throws -> String {
        let path = "/tmp/cbench-imgtest-interop-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
