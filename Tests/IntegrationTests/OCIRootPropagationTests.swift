import Foundation
import Testing
import NamespaceCore

/// `linux.rootfsPropagation`: the container's root gets the mode asked for (shared used to fail
/// at pivot_root with EINVAL), and a shared root passes a mount made in a second mount
/// namespace, copied from the container's, back into the container.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available && access("/usr/bin/python3", X_OK) == 0,
                             "needs root, a built cbench-oci, the busybox rootfs and python3"))
struct OCIRootPropagationTests {
    /// The optional fields of the container's root mount (`shared:N`, `master:N`, `unbindable`).
    static func rootFields(pid: Int32) -> [String] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/mountinfo", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count > 6, fields[4] == "/" else { continue }
            return Array(fields[6...].prefix { $0 != "-" })
        }
        return ["no root mount"]
    }

    /// In a new mount namespace copied (propagation unchanged) from the container's, mounts a
    /// tmpfs at /mnt; the container sees it only when its root is shared.
    static let secondNamespaceMount = """
        import ctypes, os, sys
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open("/proc/%s/ns/mnt" % sys.argv[1], os.O_RDONLY)
        if libc.setns(fd, 0x20000) != 0 or libc.unshare(0x20000) != 0: sys.exit("setns/unshare: %d" % ctypes.get_errno())
        if libc.mount(b"cbench-prop", b"/mnt", b"tmpfs", 0, None) != 0: sys.exit("mount: %d" % ctypes.get_errno())
        """

    @Test(arguments: [("shared", "shared:", true), ("rshared", "shared:", true), ("slave", "master:", false),
                      ("private", "", false), ("unbindable", "unbindable", false)])
    func rootHasThePropagationAsked(mode: String, field: String, seesSecondNamespace: Bool) throws {
        let h = try OCITestHarness("prop")
        defer { h.tearDown() }
        let bundle = try h.bundle("b", args: ["true"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["rootfsPropagation"] = mode
            config["linux"] = linux
        }
        let id = h.id("prop-\(mode)")
        let created = try h.oci(["create", "--bundle", bundle, id])
        #expect(created.status == 0, "create with rootfsPropagation \(mode): \(created.stderr)")
        guard created.status == 0, let pid = try h.state(id)["pid"] as? Int, pid > 0 else { return }
        let fields = Self.rootFields(pid: Int32(pid))
        // A slave copy of a private host mount is private (the same under runc): master: only
        // shows when the host's mount holding the root filesystem is shared.
        let hostPropagation = try Spawn(["findmnt", "-no", "PROPAGATION", "-T", h.rootfs]).run().stdout
        let field = mode == "slave" && !hostPropagation.contains("shared") ? "" : field
        if field.isEmpty {
            #expect(!fields.contains { $0.hasPrefix("shared:") || $0.hasPrefix("master:") || $0 == "unbindable" }, "\(fields)")
        } else {
            #expect(fields.contains { $0.hasPrefix(field) }, "root mount fields \(fields)")
        }
        let script = h.workDir + "/second-ns.py"
        try Self.secondNamespaceMount.write(toFile: script, atomically: true, encoding: .utf8)
        let second = try Spawn(["/usr/bin/python3", script, String(pid)]).run()
        #expect(second.status == 0, "second namespace: \(second.stderr)")
        let mountinfo = (try? String(contentsOfFile: "/proc/\(pid)/mountinfo", encoding: .utf8)) ?? ""
        #expect(mountinfo.contains("cbench-prop") == seesSecondNamespace, "\(mode): container sees the second namespace's mount")
        _ = try h.oci(["delete", "--force", id])
        #expect(h.leftovers(ids: [id]).isEmpty)
        let host = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        #expect(!host.contains("cbench-prop"), "nothing reached the host's mount namespace")
    }
}
