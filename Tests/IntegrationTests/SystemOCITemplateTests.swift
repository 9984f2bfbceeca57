import Foundation
import Testing
import NamespaceCore
import OCIImages

/// `create --template oci --image`: the root of an app-mode image as a system container.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemOCITemplateTests {
    @Test func anImageWithAnInitBootsIt() throws {
        var h = try SystemTestHarness("oci")
        let images = "/tmp/systest-images-\(getpid())-\(h.suffix)"
        h.environmentOverrides["CBENCH_APP_ROOT"] = images
        defer {
            h.tearDown()
            try? FileManager.default.removeItem(atPath: images)
        }
        let busybox = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"
        let store = ImageStore(root: images)
        _ = try store.importRootfs(from: busybox, as: ImageReference(name: "sysbox", tag: "1"),
                                   configuration: .init(env: ["FROM_IMAGE=yes"], cmd: ["/bin/sh"]))
        let name = h.name("oci")
        let create = try h.system(["create", name, "--template", "oci", "--image", "sysbox:1"])
        try #require(create.status == 0, "\(create.stderr)")
        let config = try String(contentsOfFile: "\(h.store)/\(name)/config", encoding: .utf8)
        #expect(config.contains("lxc.init.cmd = /sbin/init\n"), "the image's init, not its Cmd: \(config)")
        #expect(config.contains("lxc.environment = FROM_IMAGE=yes\n"))

        try h.startBooted(name)
        #expect(try h.attach(name, ["cat", "/proc/1/cmdline"]).hasPrefix("init"))
        #expect(try h.attach(name, ["sh", "-c", "echo $FROM_IMAGE"]) == "yes\n")
        try "written\n".write(toFile: "\(h.store)/\(name)/rootfs/persisted", atomically: false, encoding: .utf8)
        let stop = try h.stop(name)
        #expect(stop.status == 0, "\(stop.stderr)")

        let missing = try h.system(["create", h.name("none"), "--template", "oci", "--image", "absent:1"])
        #expect(missing.status != 0 && missing.stderr.contains("not in the image store"), "\(missing.stderr)")
        #expect(h.leftovers(h.name("none")).isEmpty)
    }
}
