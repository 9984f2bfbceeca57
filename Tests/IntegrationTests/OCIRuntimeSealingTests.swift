import Foundation
import NamespaceCore
import Testing

/// Which `cbench-oci` verbs re-execute themselves from a sealed handle (one execveat of the
/// handle in the runtime's own process, CShim seal_policy.c): create and exec, which put a
/// process into a container, and start only when it sends a startContainer hook into the
/// container's namespaces; start, state, kill, delete and a run in a new pid namespace never.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIRuntimeSealingTests {
    /// `cbench-oci ARGS` under strace, which follows only the runtime's own process (not the
    /// container's, which may outlive it): how many execveat calls it made, and its outcome.
    func sealingExecs(_ h: OCITestHarness, _ arguments: [String]) throws -> Int {
        let trace = "\(h.workDir)/strace-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(trace) }
        let outcome = try Spawn(["strace", "-qq", "-e", "trace=execveat", "-o", trace, h.binary, "--root", h.stateRoot] + arguments,
                                stdout: .file("/dev/null"), stderr: .capture).run()
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return FileIO.contents(trace).split(separator: "\n").filter { $0.contains("execveat(") }.count
    }

    @Test func onlyVerbsThatReachIntoAContainerSeal() throws {
        let h = try OCITestHarness("seal")
        defer { h.tearDown() }
        let out = h.workDir + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let share: [String: Any] = ["destination": "/tmp", "type": "bind", "source": out, "options": ["bind", "rw"]]
        let plain = try h.bundle("plain", args: ["sleep", "30"])
        let hooked = try h.bundle("hooked", args: ["true"]) { config in
            config["mounts"] = (config["mounts"] as? [[String: Any]] ?? []) + [share]
            config["hooks"] = ["startContainer": [["path": "/bin/sh", "args": ["sh", "-c", "echo ran > /tmp/startContainer"]]]]
        }
        let once = try h.bundle("once", args: ["true"])
        let id = h.id("plain"), hookedID = h.id("hooked")
        var pids: [Int32] = []
        defer {
            for name in [id, hookedID] { _ = try? h.oci(["delete", "--force", name]) }
            pids.forEach(h.reap)
        }

        #expect(try sealingExecs(h, ["create", "--bundle", plain, id]) == 1, "create waits at its start gate in the container")
        pids.append(Int32(try #require(try h.state(id)["pid"] as? Int)))
        #expect(try sealingExecs(h, ["state", id]) == 0)
        #expect(try sealingExecs(h, ["start", id]) == 0, "start without a startContainer hook stays on the host")
        #expect(try sealingExecs(h, ["exec", id, "true"]) == 1, "exec joins the container's namespaces")
        #expect(try sealingExecs(h, ["kill", id, "KILL"]) == 0)
        #expect(h.waitStatus(pids[0]) != nil, "the container init did not come back to the test process")
        #expect(try sealingExecs(h, ["delete", id]) == 0)

        #expect(try sealingExecs(h, ["create", "--bundle", hooked, hookedID]) == 1)
        pids.append(Int32(try #require(try h.state(hookedID)["pid"] as? Int)))
        #expect(try sealingExecs(h, ["start", hookedID]) == 1, "start seals before its startContainer hook enters the container")
        // The re-executed start ran the hook once, in the container (its /tmp is `out`).
        #expect(FileIO.contents(out + "/startContainer").trimmingWhitespace() == "ran")
        #expect(h.waitStatus(pids[1]) != nil, "the container init did not come back to the test process")
        #expect(try sealingExecs(h, ["delete", hookedID]) == 0)

        #expect(try sealingExecs(h, ["run", "--bundle", once, h.id("once")]) == 0, "run in a new pid namespace stays unsealed")
        #expect(h.leftovers(ids: [id, hookedID, h.id("once")]).isEmpty)
    }
}
