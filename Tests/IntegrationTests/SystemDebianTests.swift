import Foundation
import Testing
import NamespaceCore

/// Debian system containers from the cached debootstrap trees, which `make setup` builds
/// (Scripts/provision-debian-roots): a missing tree is a failure, not a skip.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemDebianTests {
    static func cached(_ release: String) -> Bool {
        FileManager.default.fileExists(atPath: "/var/lib/cbench/rootfs/debian-\(release)/sbin/init")
    }

    @Test func bookwormBootsSystemdToMultiUser() throws {
        try bootCheckAndStop(release: "bookworm") { h, name throws in
            #expect(try h.attach(name, ["systemctl", "is-system-running"]) == "running\n")
            #expect(try h.attach(name, ["cat", "/proc/1/comm"]) == "systemd\n")
            #expect(try h.attach(name, ["systemctl", "is-active", "multi-user.target"]) == "active\n")
        }
    }

    @Test func trixieBootsSysvinitToRunlevel2() throws {
        try bootCheckAndStop(release: "trixie") { h, name throws in
            #expect(try h.attach(name, ["/sbin/runlevel"]) == "N 2\n")
            #expect(try h.attach(name, ["cat", "/proc/1/comm"]) == "init\n")
            #expect(try h.attach(name, ["grep", "VERSION_CODENAME", "/etc/os-release"]) == "VERSION_CODENAME=trixie\n")
        }
    }

    private func bootCheckAndStop(release: String, checks: (SystemTestHarness, String) throws -> Void) throws {
        try #require(Self.cached(release), "no \(release) root in /var/lib/cbench/rootfs: run make setup (Scripts/provision-debian-roots)")
        let h = try SystemTestHarness("deb")
        defer { h.tearDown() }
        let name = h.name(release)
        let create = try h.system(["create", name, "--template", "debian", "--release", release])
        try #require(create.status == 0, "create: \(create.stderr)")
        try h.startBooted(name)
        try checks(h, name)
        #expect(try h.attach(name, ["hostname"]) == "\(name)\n")
        _ = try h.attach(name, ["sh", "-c", "echo kept > /root/cbench-file"])
        let stop = try h.stop(name, timeout: 20)
        #expect(stop.stdout.contains("stopped \(name)"), "halted cleanly: \(stop.stdout) \(stop.stderr)")
        try h.startBooted(name)
        #expect(try h.attach(name, ["cat", "/root/cbench-file"]) == "kept\n")
        #expect(try h.stop(name, timeout: 20).status == 0)
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    @Test func releaseErrorsAreClearAndLeaveNothing() throws {
        let h = try SystemTestHarness("debbad")
        defer { h.tearDown() }
        let name = h.name("debbad")
        let noRelease = try h.system(["create", name, "--template", "debian"])
        #expect(noRelease.status != 0 && noRelease.stderr.contains("needs --release"), "\(noRelease.stderr)")
        let unknown = try h.system(["create", name, "--template", "debian", "--release", "buster"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown Debian release"), "\(unknown.stderr)")
        let busybox = try h.system(["create", name, "--template", "busybox", "--release", "trixie"])
        #expect(busybox.status != 0 && busybox.stderr.contains("debian template only"), "\(busybox.stderr)")
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }
}
