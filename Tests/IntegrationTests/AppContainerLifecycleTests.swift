import Foundation
import Testing
import AppContainers
import NamespaceCore

/// `cbench app` containers through the built CLI, as root, in private stores.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppContainerLifecycleTests {
    @Test func runWithRmLeavesNothing() throws {
        let harness = try AppTestHarness("rm")
        defer { harness.tearDown() }
        let outcome = try harness.app(["run", "--rm", "--name", harness.name("once"), harness.image, "sh", "-c", "echo hello; exit 3"])
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stdout == "hello\n")
        #expect(harness.leftovers().isEmpty)
        #expect(try harness.ok(["ps", "-a", "-q"]).isEmpty)
    }

    /// An image with a config of its own (built here: ENV, WORKDIR, USER): flags override what
    /// they name, the rest of the image's config stays, and a user name resolves in the image.
    @Test func processSeesImageConfigMergedWithFlags() throws {
        let harness = try AppTestHarness("proc")
        defer { harness.tearDown() }
        let context = harness.root + "/context"
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        try """
            FROM \(harness.image)
            ENV GREETING=from-image KEPT=image-only
            WORKDIR /srv
            USER daemon
            """.write(toFile: context + "/Containerfile", atomically: false, encoding: .utf8)
        try harness.ok(["build", "-t", "configured:1", context])
        let script = "id -u; id -g; pwd; hostname; echo $GREETING; echo $KEPT; cat /etc/hostname"

        let imageOnly = try harness.ok(["run", "--rm", "--hostname", "box0", "configured:1", "sh", "-c", script])
        #expect(imageOnly == "1\n1\n/srv\nbox0\nfrom-image\nimage-only\nbox0\n")

        let overridden = try harness.ok(["run", "--rm", "-u", "nobody", "-w", "/tmp", "--hostname", "box1", "-e", "GREETING=hi",
                                         "configured:1", "sh", "-c", script])
        #expect(overridden == "65534\n65534\n/tmp\nbox1\nhi\nimage-only\nbox1\n")
    }

    @Test func detachedLifecycleThroughTheCLI() throws {
        let harness = try AppTestHarness("life")
        defer { harness.tearDown() }
        let name = harness.name("web")
        let script = "echo started; trap 'echo stopping; exit 7' TERM; while true; do sleep 0.1; done"
        let id = try harness.ok(["run", "-d", "--name", name, harness.image, "sh", "-c", script])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        let ps = try harness.ok(["ps"])
        #expect(ps.contains(name) && ps.contains("Up"))
        #expect(try harness.ok(["exec", name, "sh", "-c", "echo $HOSTNAME; cat /proc/1/cmdline | tr '\\0' ' '"])
            .hasPrefix(String(id.prefix(12))))
        let inspected = try harness.inspect(name)
        let state = inspected["State"] as? [String: Any]
        #expect((state?["Pid"] as? Int ?? 0) > 0)
        #expect(state?["Status"] as? String == "running" && state?["Running"] as? Bool == true)
        #expect(state?["OOMKilled"] as? Bool == false)

        #expect(try harness.ok(["stop", name]).contains(name))
        let exited = try harness.ok(["ps", "-a"])
        #expect(exited.contains("Exited (7)"))
        #expect(try harness.ok(["logs", name]) == "started\nstopping\n")
        #expect(harness.leftovers(ids: [id]).filter { $0.hasPrefix("cgroup") || $0.hasPrefix("run state") }.isEmpty)

        // Started again: the same container, its log continued.
        try harness.ok(["start", name])
        #expect(try harness.ok(["ps"]).contains(name))
        try harness.ok(["kill", name])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (137)"))
        #expect(try harness.ok(["logs", name]) == "started\nstopping\nstarted\n")
        try harness.ok(["rm", name])
        #expect(harness.leftovers(ids: [id]).isEmpty)
    }

    @Test func createThenStartAttached() throws {
        let harness = try AppTestHarness("create")
        defer { harness.tearDown() }
        let name = harness.name("job")
        let id = try harness.ok(["create", "--name", name, harness.image, "sh", "-c", "echo out; echo err >&2; exit 4"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try harness.ok(["ps", "-a"]).contains("Created"))
        let started = try harness.app(["start", "-a", name])
        #expect(started.status == 4)
        #expect(started.stdout == "out\n")
        #expect(started.stderr == "err\n")
        #expect(try harness.ok(["logs", name]).split(separator: "\n").sorted() == ["err", "out"])
        try harness.ok(["rm", name])
        #expect(harness.leftovers(ids: [id]).isEmpty)
    }

    @Test func runningContainerNeedsForceToRemove() throws {
        let harness = try AppTestHarness("force")
        defer { harness.tearDown() }
        let name = harness.name("busy")
        let id = try harness.ok(["run", "-d", "--name", name, harness.image, "sleep", "1000"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try harness.app(["rm", name])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is running"))
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers(ids: [id]).isEmpty)
    }

    @Test func stopKillsAProcessIgnoringTermAfterTimeout() throws {
        let harness = try AppTestHarness("stop")
        defer { harness.tearDown() }
        let name = harness.name("stubborn")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"])
        try harness.ok(["stop", "-t", "1", name])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (137)"))
    }

    @Test func memoryAndPidsLimitsAreInTheCgroup() throws {
        let harness = try AppTestHarness("limits")
        defer { harness.tearDown() }
        let name = harness.name("limited")
        let id = try harness.ok(["run", "-d", "--name", name, "--memory", "64m", "--pids-limit", "20", "--cpus", "0.5",
                                 harness.image, "sleep", "1000"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let group = AppStore(root: harness.root, runRoot: harness.runRoot).cgroupPath(of: id)
        #expect(group.hasPrefix("cbench-app-"))
        let host = try CgroupHost.current()
        let memory = try #require(host.absolutePath(of: group, controller: "memory"))
        let pids = try #require(host.absolutePath(of: group, controller: "pids"))
        let memoryFile = host.mode == .v2 ? "memory.max" : "memory.limit_in_bytes"
        #expect(try String(contentsOfFile: "\(memory)/\(memoryFile)", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "67108864")
        #expect(try String(contentsOfFile: "\(pids)/pids.max", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "20")
        // Seen from inside too: the container's own cgroup is mounted read-only.
        let inside = try harness.ok(["exec", name, "sh", "-c", "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max"])
        #expect(inside == "20\n")
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers(ids: [id]).isEmpty)
    }
}

@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppContainerBadInputTests {
    @Test func duplicateNameIsOneLineErrorAndLeavesNothing() throws {
        let harness = try AppTestHarness("dup")
        defer { harness.tearDown() }
        let name = harness.name("twin")
        try harness.ok(["create", "--name", name, harness.image, "true"])
        let second = try harness.app(["run", "--rm", "--name", name, harness.image, "true"])
        #expect(second.status != 0)
        #expect(second.stderr.split(separator: "\n").count == 1)
        #expect(second.stderr.contains("already in use"))
        #expect(harness.leftovers().filter { $0.hasPrefix("container") }.count == 1)
    }

    /// A run that cannot start (an image, network or program that does not exist, a limit its
    /// cgroup refuses: pids.max takes at most the kernel's PID_MAX_LIMIT, 4194304): one line
    /// naming what is missing, a non-zero exit, and no container, name, run state, mount, host
    /// link or cgroup left (the whole host is checked by the harness's tear-down as well).
    enum Unstartable: String, CaseIterable, Sendable {
        case missingImage, unknownNetwork, missingProgram, refusedLimit

        func arguments(_ harness: AppTestHarness) -> (run: [String], named: String) {
            switch self {
            case .missingImage: (["run", "--rm", "nosuchimage:1.0", "true"], "nosuchimage")
            case .unknownNetwork: (["run", "--rm", "--network", "nosuchnet-\(harness.suffix)", harness.image, "true"],
                                   "no such network")
            case .missingProgram: (["run", "--name", harness.name("bad"), harness.image, "/no/such/program"], "/no/such/program")
            case .refusedLimit: (["run", "--rm", "--pids-limit", "5000000", harness.image, "true"], "pids.max")
            }
        }
    }

    @Test(arguments: Unstartable.allCases)
    func runThatCannotStartIsOneLineErrorAndLeavesNothing(_ input: Unstartable) throws {
        let harness = try AppTestHarness("unstartable")
        defer { harness.tearDown() }
        let host = try CgroupHost.current()
        let links = AppNetworkTestHost.hostLinks(), cgroups = Cgroup.leftovers(host: host)
        let (run, named) = input.arguments(harness)
        let outcome = try harness.app(run)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(named), "\(outcome.stderr)")
        #expect(harness.leftovers().isEmpty)
        #expect(try harness.ok(["ps", "-a", "-q"]).isEmpty)
        #expect(AppNetworkTestHost.hostLinks() == links)
        #expect(Cgroup.leftovers(host: host) == cgroups)
    }
}
