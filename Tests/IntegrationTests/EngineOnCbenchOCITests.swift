import Foundation
import Glibc
import NamespaceCore
import Scenarios
import Targets
import Testing

/// podman (`--runtime` the built cbench-oci) and dockerd (cbench-oci in its daemon.json) run
/// their containers on cbench-oci: the target's probe, startup and stop, then the engine's
/// own verbs: `run -it`, `exec` (and `exec -it`), `pause`/`unpause`, `logs`, `kill`, `stop`.
@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.ready && OCITestHarness.available, "needs root, the busybox root and a built cbench-oci"))
struct EngineOnCbenchOCITests {
    static var cbenchOCI: String { OCITestHarness.builtExecutable("cbench-oci") ?? "cbench-oci" }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/podman"), "podman is not installed"))
    func podmanRunsItsVerbsOnCbenchOCI() throws {
        let context = try RealTargetTests.makeContext("podman-cbench")
        defer { RealTargetTests.removeContext(context) }
        let target = PodmanTarget(runtime: Self.cbenchOCI, flavour: "cbench", context: context)
        #expect(target.name == "podman-cbench")
        var ids: [String] = []
        do {
            defer { target.finish() }
            ids = try RealTargetTests.exercise(target, context: context, userNamespace: true)
            let prepared = try target.prepare(ContainerWorkload(args: ["true"], rootfs: RealTargetHost.rootfs), id: "cbench-eng-\(ids[0].suffix(6))")
            defer { target.cleanup(prepared) }
            let image = try target.image(for: RealTargetHost.rootfs)
            let limits = PodmanTarget.ulimits.flatMap { ["--ulimit", $0] } + ["--network", "none"]
            try Self.engineVerbs(name: prepared.id, image: image, runOptions: limits, engine: target.podman)
        }
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: [target.storageRoot, target.runRoot]) == [])
    }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd"), "docker.io is not installed"))
    func dockerRunsItsVerbsOnCbenchOCI() throws {
        let context = try RealTargetTests.makeContext("docker-cbench")
        defer { RealTargetTests.removeContext(context) }
        var environment = ProcessInfo.processInfo.environment
        environment["CBENCH_OCI"] = Self.cbenchOCI
        let target = DockerTarget(context: context, daemon: DockerDaemon(environment: environment), runtime: DockerDaemon.cbenchRuntimeName)
        #expect(target.name == "docker-cbench")
        var ids: [String] = []
        var ours = false
        do {
            defer { target.finish() }
            ids = try RealTargetTests.exercise(target, context: context, userNamespace: false)
            ours = target.daemon.startedByUs
            let prepared = try target.prepare(ContainerWorkload(args: ["true"], rootfs: RealTargetHost.rootfs), id: "cbench-eng-\(ids[0].suffix(6))")
            defer { target.cleanup(prepared) }
            let host = try target.daemon.ensureRunning()
            let image = try target.image(for: RealTargetHost.rootfs, scratch: prepared.bundle)
            try Self.engineVerbs(name: prepared.id, image: image, runOptions: ["--runtime", DockerDaemon.cbenchRuntimeName, "--network", "none"]) {
                target.daemon.command(host: host, $0)
            }
        }
        let paths = ours ? [target.daemon.layout.runDirectory, target.daemon.layout.dataRoot] : []
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: paths) == [])
    }

    /// The engine's verbs on one container named `name`, each checked by what it shows.
    static func engineVerbs(name: String, image: String, runOptions: [String], engine: ([String]) -> [String]) throws {
        func run(_ arguments: [String]) throws -> SpawnResult { try Spawn(engine(arguments)).run() }
        func status() throws -> String { try run(["inspect", "--format", "{{.State.Status}}", name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        /// The engine's command on a terminal of its own (`script` gives it one), for `-it`;
        /// `typed` is what the user types on that terminal.
        func onTerminal(_ arguments: [String], typed: String = "") throws -> SpawnResult {
            let line = engine(arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let input = "\(NSTemporaryDirectory())/cbench-engine-typed-\(getpid())"
            try FileIO.write(input, Array(typed.utf8))
            defer { unlink(input) }
            return try Spawn(["script", "-qec", line, "/dev/null"], stdinPath: input).run()
        }
        defer { _ = try? run(["rm", "--force", name]) }

        // The command first reads a line typed at the terminal: podman's attach connection is
        // accepted by conmon asynchronously, and output written before that reaches only the
        // log (podman printed nothing, exit 0, for 3 of 15 `run -it ... echo` on crun as well);
        // a line that arrived came through that connection, so what follows is seen.
        // The pty is the container's own (/dev/pts/N there, also /dev/console: pts major 136 is 0x88).
        let interactive = try onTerminal(["run", "-it", "--rm"] + runOptions + [
            image, "sh", "-c", "read attached; test -t 0 && test -t 1 && echo on-a-tty; echo \"tty=$(busybox tty)\"; stat -c 'console %F %t' /dev/console",
        ], typed: "go\n")
        #expect(interactive.status == 0 && interactive.stdout.contains("on-a-tty"), "run -it: \(interactive.stdout) \(interactive.stderr)")
        #expect(interactive.stdout.contains("tty=/dev/pts/"), "run -it tty: \(interactive.stdout)")
        #expect(interactive.stdout.contains("console character special file 88"), "run -it /dev/console: \(interactive.stdout)")

        let started = try run(["run", "-d", "--name", name] + runOptions + [image, "sh", "-c", "echo started; exec sleep 120"])
        try #require(started.status == 0, "run -d: \(started.stderr)")
        let exec = try run(["exec", name, "sh", "-c", "echo exec-ok; exit 4"])
        #expect(exec.status == 4 && exec.stdout.contains("exec-ok"), "exec: \(exec.status) \(exec.stderr)")
        let execTTY = try onTerminal(["exec", "-it", name, "sh", "-c", "test -t 0 && echo exec-on-a-tty"])
        #expect(execTTY.stdout.contains("exec-on-a-tty"), "exec -it: \(execTTY.stdout) \(execTTY.stderr)")

        #expect(try run(["pause", name]).status == 0)
        #expect(try status() == "paused")
        #expect(try run(["exec", name, "true"]).status != 0, "exec into a paused container is refused")
        #expect(try run(["unpause", name]).status == 0)
        #expect(try status() == "running")
        #expect(try run(["exec", name, "true"]).status == 0)

        let logs = try run(["logs", name])
        #expect(logs.stdout.contains("started"), "logs: \(logs.stdout) \(logs.stderr)")

        #expect(try run(["kill", name]).status == 0)
        #expect(try run(["wait", name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "137")
        #expect(try status() == "exited")
        #expect(try run(["rm", name]).status == 0)

        try #require(try run(["run", "-d", "--name", name] + runOptions + [image, "sleep", "120"]).status == 0)
        #expect(try run(["stop", "-t", "1", name]).status == 0)
        #expect(try status() == "exited")
        #expect(try run(["rm", name]).status == 0)
    }
}
