import Foundation
import Testing
import NamespaceCore

/// CVE-2019-5736 against every way cbench puts a process into a running container. A grabber
/// (`cbench-probe --grab-exe`) runs in the target's pid namespace, stops each new process,
/// takes its /proc/PID/exe and later reopens it for writing; the runtime then enters that
/// namespace twice: with `true` (its child is in sight until execve) and with a "#!/proc/self/exe"
/// script (the kernel runs the child's own executable as the container's process). The
/// runtime is a private copy of the built binary. Where the grabber has CAP_SYS_PTRACE (so
/// non-dumpable does not stop it), it gets a handle: to the sealed overlayfs file, read-only.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available && OCITestHarness.available && ProbeLocator.find() != nil,
                             "needs root, cbench, cbench-oci, the probe and the busybox rootfs"))
struct RuntimeExecutableAttackTests {
    static let grabSeconds = 6

    /// Every capability this host grants (it withholds CAP_SYS_RESOURCE): the strongest attacker
    /// short of a user namespace, CAP_SYS_PTRACE included.
    static let allCapabilities = ["CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
                                  "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "NET_ADMIN", "SYS_CHROOT", "SYS_PTRACE", "SYS_ADMIN",
                                  "MKNOD", "AUDIT_WRITE", "SETFCAP"].map { "CAP_" + $0 }

    /// What a cbench-oci attack test works with: a private copy of cbench-oci, its harness, the
    /// attack directory (shared at /tmp), and the grabber's running container with every capability.
    struct OCIGrabber {
        let copy: ExecutableCopy
        let h: OCITestHarness
        let attack: AttackDirectory
        let id: String
        let pid: Int
        let share: [String: Any]
    }

    /// Runs `body` with the grabber's container up; afterwards it is deleted and reaped, and the
    /// harness and the copy are removed, whatever `body` did.
    static func withOCIGrabber(_ body: (OCIGrabber) throws -> Void) throws {
        let copy = try ExecutableCopy(of: "cbench-oci")
        defer { copy.remove() }
        let h = try OCITestHarness("exeattack", binary: copy.path)
        defer { h.tearDown() }
        let attack = try AttackDirectory(at: "\(h.workDir)/attack")
        let share = ["destination": "/tmp", "type": "bind", "source": attack.path, "options": ["bind", "rw"]] as [String: Any]
        let grabber = h.id("grab")
        let a = try h.bundle("a", args: ["/bin/sh", "-c", attack.grabCommand(inside: "/tmp", seconds: Self.grabSeconds)]) { config in
            config["mounts"] = (config["mounts"] as? [[String: Any]] ?? []) + [share]
            var process = config["process"] as? [String: Any] ?? [:]
            process["capabilities"] = Dictionary(uniqueKeysWithValues: ["bounding", "effective", "permitted"].map { ($0, Self.allCapabilities) })
            config["process"] = process
        }
        let started = try h.oci(["run", "--detach", "--bundle", a, grabber])
        try #require(started.status == 0, "grabber: \(started.stderr)")
        let pid = try #require(try h.state(grabber)["pid"] as? Int)
        defer {
            _ = try? h.oci(["delete", "--force", grabber])
            h.reap(Int32(pid))
        }
        try body(OCIGrabber(copy: copy, h: h, attack: attack, id: grabber, pid: pid, share: share))
    }

    /// With CAP_SYS_PTRACE the grabber does get handles, of the sealed copy, which refuses writing.
    static func expectOnlySealedHandles(_ report: GrabReport, of copy: ExecutableCopy) {
        let sealed = report.processes.filter { $0.exe == "/\(copy.name)" }
        #expect(!sealed.isEmpty && sealed.allSatisfy { $0.writeErrno == "EROFS" }, "\(report.processes)")
    }

    @Test func ociRunAndCreateJoiningAPidNamespace() throws {
        try Self.withOCIGrabber { grab in
            try Self.runAndCreateJoining(grab)
        }
    }

    static func runAndCreateJoining(_ grab: OCIGrabber) throws {
        let (copy, h, attack, grabber, pid, share) = (grab.copy, grab.h, grab.attack, grab.id, grab.pid, grab.share)
        func joining(_ name: String, _ args: [String]) throws -> String {
            try h.bundle(name, args: args) { config in
                config["mounts"] = (config["mounts"] as? [[String: Any]] ?? []) + [share]
                var linux = config["linux"] as? [String: Any] ?? [:]
                linux["namespaces"] = (linux["namespaces"] as? [[String: Any]] ?? []).map { entry in
                    entry["type"] as? String == "pid" ? ["type": "pid", "path": "/proc/\(pid)/ns/pid"] : entry
                }
                config["linux"] = linux
            }
        }
        let plain = try joining("true", ["true"])
        let selfexe = try joining("selfexe", ["/tmp/selfexe"])
        var ids: [String] = []
        var orphans: [Int32] = []
        for (index, bundle) in [plain, selfexe].enumerated() {
            let run = h.id("run\(index)"), created = h.id("create\(index)")
            ids += [run, created]
            _ = try h.oci(["run", "--bundle", bundle, run])
            // create: the child waits at its start gate in the joined namespace.
            #expect(try h.oci(["create", "--bundle", bundle, created]).status == 0)
            let child = Int32(try #require(try h.state(created)["pid"] as? Int))
            orphans.append(child)
            // The grabber has stopped the waiting child and holds its executable's handle.
            #expect(GrabberWatch.waitUntilGrabbed(child, grabberNamespaceOf: Int32(pid)), "the grabber never took \(created)'s executable")
            let startTime = try #require(ProcessLiveness.startTime(of: child))
            _ = try h.oci(["start", created])
            // The container's process has run and ended before its container is deleted.
            #expect(ProcessLiveness.waitUntilGone(pid: child, startTime: startTime, timeoutMilliseconds: 10_000), "\(created) never ended")
        }
        for id in ids { _ = try h.oci(["delete", "--force", id]) }
        // Created containers are the harness's (a subreaper) to reap; until then they hold the
        // grabber's pid namespace open.
        orphans.forEach(h.reap)
        let report = try attack.report()
        try #require(report.sawRuntime(copy), "the grabber never saw the runtime's child: \(report.processes.map { $0.comm ?? "?" })")
        expectAttackDefeated(report, on: copy, "cbench-oci")
        Self.expectOnlySealedHandles(report, of: copy)
        #expect(h.leftovers(ids: ids + [grabber]).filter { !$0.contains("grab") }.isEmpty)
    }

    /// `cbench-oci exec` (as podman's and Docker's exec call it) into the grabber's own container.
    @Test func ociExecIntoTheContainer() throws {
        try Self.withOCIGrabber { grab in
            for _ in 0..<2 {
                _ = try grab.h.oci(["exec", grab.id, "true"])
                _ = try grab.h.oci(["exec", grab.id, "/tmp/selfexe"])
            }
            let report = try grab.attack.report()
            try #require(report.sawRuntime(grab.copy), "the grabber never saw the runtime's child: \(report.processes.map { $0.comm ?? "?" })")
            expectAttackDefeated(report, on: grab.copy, "cbench-oci exec")
            Self.expectOnlySealedHandles(report, of: grab.copy)
        }
    }

    @Test func appExecAndItsSupervisor() throws {
        let copy = try ExecutableCopy(of: "cbench")
        defer { copy.remove() }
        let h = try AppTestHarness("exeattack", binary: copy.path)
        defer { h.tearDown() }
        let attack = try AttackDirectory(at: "\(h.root)/attack")
        let name = h.name("grab")
        let port = Int.random(in: 20_000...40_000)
        // A published port: the supervisor enters the container's network namespace.
        try h.ok(["run", "-d", "--name", name, "--cap-add", "SYS_PTRACE", "-p", "127.0.0.1:\(port):80",
                  "-v", "\(attack.path):/tmp/attack", h.image,
                  "/bin/sh", "-c", attack.grabCommand(inside: "/tmp/attack", seconds: Self.grabSeconds)])
        for _ in 0..<2 {
            _ = try h.app(["exec", name, "true"])
            _ = try h.app(["exec", name, "/tmp/attack/selfexe"])
        }
        _ = AppPortTests.httpGet(port: UInt16(port))
        let report = try attack.report()
        try #require(report.sawRuntime(copy), "the grabber never saw the runtime's child: \(report.processes.map { $0.comm ?? "?" })")
        expectAttackDefeated(report, on: copy, "cbench app exec")
    }

    @Test(arguments: [false, true])
    func systemAttach(privileged: Bool) throws {
        let copy = try ExecutableCopy(of: "cbench")
        defer { copy.remove() }
        let h = try SystemTestHarness("exeattack", binary: copy.path)
        defer { h.tearDown() }
        let attack = try AttackDirectory(at: "\(h.store)/attack")
        let name = h.name(privileged ? "grabp" : "grab")
        let extra = "\(h.store)/.attack.conf"
        try "lxc.mount.entry = \(attack.path) tmp/attack none bind,create=dir 0 0\n".write(toFile: extra, atomically: false, encoding: .utf8)
        let create = try h.system(["create", name, "--template", "busybox", "--config", extra] + (privileged ? ["--privileged"] : []))
        try #require(create.status == 0, "create: \(create.stderr)")
        try h.startBooted(name)
        _ = try h.attach(name, ["sh", "-c", attack.grabCommand(inside: "/tmp/attack", seconds: Self.grabSeconds) + " &"])
        for _ in 0..<2 {
            _ = try h.system(["attach", name, "--", "true"])
            _ = try h.system(["attach", name, "--", "/tmp/attack/selfexe"])
        }
        let report = try attack.report()
        try #require(report.sawRuntime(copy), "the grabber never saw the runtime's child: \(report.processes.map { $0.comm ?? "?" })")
        expectAttackDefeated(report, on: copy, "cbench system attach (\(privileged ? "privileged" : "unprivileged"))")
        #expect(try h.stop(name, timeout: 2).status == 0)
    }

    /// The console relay is a host process: nothing of cbench ever shows in the container.
    @Test func consoleRelayStaysOutside() throws {
        let copy = try ExecutableCopy(of: "cbench")
        defer { copy.remove() }
        let h = try SystemTestHarness("exeattack", binary: copy.path)
        defer { h.tearDown() }
        let attack = try AttackDirectory(at: "\(h.store)/attack")
        let name = h.name("grabcon")
        let extra = "\(h.store)/.attack.conf"
        try "lxc.console.path =\nlxc.tty.max = 1\nlxc.mount.entry = \(attack.path) tmp/attack none bind,create=dir 0 0\n"
            .write(toFile: extra, atomically: false, encoding: .utf8)
        try #require(try h.system(["create", name, "--template", "busybox", "--config", extra]).status == 0)
        // The grabber starts with the init, before `start` spawns the relay.
        let inittab = "\(h.store)/\(name)/rootfs/etc/inittab"
        let lines = "::sysinit:" + attack.grabCommand(inside: "/tmp/attack", seconds: Self.grabSeconds) + " &\n"
            + (try String(contentsOfFile: inittab, encoding: .utf8))
        try lines.write(toFile: inittab, atomically: false, encoding: .utf8)
        try h.startBooted(name)
        let state = try String(contentsOfFile: "\(h.runRoot)/\(name)/state.json", encoding: .utf8)
        #expect(state.contains("consoleRelayPid"), "the container has a console relay: \(state)")
        let report = try attack.report()
        #expect(report.processes.allSatisfy { !($0.comm ?? "").hasPrefix("cbench") }, "\(report.processes)")
        expectAttackDefeated(report, on: copy, "console relay")
        #expect(try h.stop(name, timeout: 2).status == 0)
    }
}
