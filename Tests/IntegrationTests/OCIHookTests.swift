import Foundation
import Testing
import NamespaceCore

/// The six runtime-spec hooks on a real container: order, namespaces, state on stdin, env and
/// args, timeouts, and what a failure does.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCIHookTests {
    /// A hook that stores its stdin, its mount namespace and $HOOKVAR under `dir` as KIND.*.
    static func recordingHook(_ kind: String, dir: String, timeout: Int? = nil) -> [String: Any] {
        var hook: [String: Any] = [
            "path": "/bin/sh",
            "args": ["sh", "-c", "cat > \(dir)/\(kind).state; readlink /proc/self/ns/mnt > \(dir)/\(kind).mnt; echo \"$HOOKVAR $0\" > \(dir)/\(kind).env", "arg-\(kind)"],
            "env": ["HOOKVAR=env-\(kind)", "PATH=/usr/bin:/bin"],
        ]
        if let timeout { hook["timeout"] = timeout }
        return hook
    }

    func bundleWithHooks(_ h: OCITestHarness, out: String, hooks: [String: Any], args: [String]) throws -> String {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        return try h.bundle("b", args: args) { config in
            var mounts = config["mounts"] as? [[String: Any]] ?? []
            mounts.append(["destination": "/tmp", "type": "bind", "source": out, "options": ["bind", "rw"]])
            config["mounts"] = mounts
            config["hooks"] = hooks
        }
    }

    func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func everyHookRunsInItsNamespaceWithStateEnvAndArgs() throws {
        let h = try OCITestHarness("hooks")
        defer { h.tearDown() }
        let out = h.workDir + "/out"
        let hooks: [String: Any] = [
            "prestart": [Self.recordingHook("prestart", dir: out)],
            "createRuntime": [Self.recordingHook("createRuntime", dir: out)],
            // Before pivot_root the host's paths still resolve in the container's mount namespace.
            "createContainer": [Self.recordingHook("createContainer", dir: out)],
            // After pivot_root: the container's /tmp is `out`.
            "startContainer": [Self.recordingHook("startContainer", dir: "/tmp")],
            "poststart": [Self.recordingHook("poststart", dir: out, timeout: 10)],
            "poststop": [Self.recordingHook("poststop", dir: out)],
        ]
        let bundle = try bundleWithHooks(h, out: out, hooks: hooks, args: ["sh", "-c", "readlink /proc/self/ns/mnt > /tmp/container.mnt"])
        let id = h.id("hooks")
        let outcome = try h.oci(["run", "--bundle", bundle, id])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let hostMount = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")) ?? "?"
        let containerMount = read(out + "/container.mnt")
        #expect(!containerMount.isEmpty && containerMount != hostMount)
        let expectations: [(String, String, String)] = [
            ("prestart", "creating", hostMount), ("createRuntime", "creating", hostMount),
            ("createContainer", "creating", containerMount), ("startContainer", "created", containerMount),
            ("poststart", "running", hostMount), ("poststop", "stopped", hostMount),
        ]
        for (kind, status, mount) in expectations {
            #expect(read("\(out)/\(kind).mnt") == mount, "\(kind) ran in the wrong mount namespace")
            #expect(read("\(out)/\(kind).env") == "env-\(kind) arg-\(kind)", "\(kind) env/args")
            let state = try JSONSerialization.jsonObject(with: Data(read("\(out)/\(kind).state").utf8)) as? [String: Any] ?? [:]
            #expect(state["id"] as? String == id, "\(kind) state")
            #expect(state["status"] as? String == status, "\(kind) status")
        }
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test(arguments: ["prestart", "createRuntime", "createContainer"])
    func aFailingCreateHookStopsCreationAndLeavesNothing(kind: String) throws {
        let h = try OCITestHarness("hookfail")
        defer { h.tearDown() }
        let out = h.workDir + "/out"
        let hooks: [String: Any] = [kind: [["path": "/bin/false"]], "poststop": [Self.recordingHook("poststop", dir: out)]]
        let bundle = try bundleWithHooks(h, out: out, hooks: hooks, args: ["true"])
        let id = h.id("hookfail")
        let outcome = try h.oci(["create", "--bundle", bundle, id])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("\(kind) hook [0] /bin/false"), "stderr: \(outcome.stderr)")
        #expect(read(out + "/poststop.state").contains("\"stopped\""), "poststop runs after a failed create hook")
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func aHookPastItsTimeoutIsKilledAndFailsCreate() throws {
        let h = try OCITestHarness("hooktime")
        defer { h.tearDown() }
        let hooks: [String: Any] = ["createRuntime": [["path": "/bin/sleep", "args": ["sleep", "60"], "timeout": 1]]]
        let bundle = try bundleWithHooks(h, out: h.workDir + "/out", hooks: hooks, args: ["true"])
        let id = h.id("hooktime")
        let outcome = try h.oci(["run", "--bundle", bundle, id])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("createRuntime hook [0] /bin/sleep") && outcome.stderr.contains("killed after its timeout of 1 s"), "stderr: \(outcome.stderr)")
        #expect(h.leftovers(ids: [id]).isEmpty)
    }

    @Test func aFailingPoststartOnlyWarns() throws {
        let h = try OCITestHarness("hookwarn")
        defer { h.tearDown() }
        let hooks: [String: Any] = ["poststart": [["path": "/bin/false"]]]
        let bundle = try bundleWithHooks(h, out: h.workDir + "/out", hooks: hooks, args: ["sh", "-c", "exit 3"])
        let id = h.id("hookwarn")
        let outcome = try h.oci(["run", "--bundle", bundle, id])
        #expect(outcome.status == 3, "the container ran to its own exit: \(outcome.stderr)")
        #expect(outcome.stderr.contains("warning: poststart hook [0] /bin/false"))
        #expect(h.leftovers(ids: [id]).isEmpty)
    }
}
