import Foundation
import NamespaceCore
import Testing

/// Where `cbench app` follows docker's conventions: exit codes, flag checks, rmi of an image
/// in use, inspect's shape, logs -f, capabilities the host lacks.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppCLIConventionsTests {
    /// 127: no such command; 126: not executable; 125: cbench's own failure or a bad flag.
    @Test func exitCodesAreDockers() throws {
        let harness = try AppTestHarness("codes")
        defer { harness.tearDown() }
        let missing = try harness.app(["run", "--rm", harness.image, "no-such-command"])
        #expect(missing.status == 127, "\(missing.stderr)")
        #expect(missing.stderr.contains("no-such-command"))
        #expect(try harness.app(["run", "--rm", harness.image, "/etc/passwd"]).status == 126)
        #expect(try harness.app(["run", "--rm", harness.image, "/etc"]).status == 126)
        let badFlag = try harness.app(["run", "--rm", "--no-such-flag", harness.image, "true"])
        #expect(badFlag.status == 125)
        #expect(badFlag.stderr.contains("--no-such-flag"))
        #expect(try harness.app(["ps", "--no-such-flag"]).status == 125)
        #expect(try harness.app(["run", "--rm", "no-such-image", "true"]).status == 125)
        #expect(try harness.app(["run", "--rm", harness.image, "sh", "-c", "exit 7"]).status == 7)

        let name = harness.name("exec")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sleep", "1000"])
        #expect(try harness.app(["exec", name, "no-such-command"]).status == 127)
        #expect(try harness.app(["exec", name, "/etc/passwd"]).status == 126)
        #expect(try harness.app(["exec", "--no-such-flag", name, "true"]).status == 125)
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers().isEmpty)
    }

    /// --memory below 6 MB and a name over 255 characters are refused before anything is
    /// made; --pids-limit -1 is no limit.
    @Test func resourceFlagsAreCheckedAsDockerChecksThem() throws {
        let harness = try AppTestHarness("limits")
        defer { harness.tearDown() }
        let small = try harness.app(["run", "--rm", "-m", "5m", harness.image, "true"])
        #expect(small.status == 125)
        #expect(small.stderr.contains("6 MB"), "\(small.stderr)")
        let long = try harness.app(["run", "--rm", String(repeating: "b", count: 300), "true"])
        #expect(long.status == 125)
        #expect(long.stderr.contains("255") && long.stderr.count < 300, "\(long.stderr)")
        let script = "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max"
        #expect(try harness.ok(["run", "--rm", "--pids-limit", "-1", harness.image, "sh", "-c", script]) == "max\n")
        #expect(try harness.ok(["run", "--rm", "--pids-limit", "20", harness.image, "sh", "-c", script]) == "20\n")
        #expect(try harness.app(["run", "--rm", "--pids-limit", "-5", harness.image, "true"]).status == 125)
        #expect(try harness.ok(["ps", "-a", "-q"]).isEmpty)
        #expect(harness.leftovers().isEmpty)
    }

    /// `--cap-add ALL` gets what this host's bounding set has (this one lacks
    /// CAP_SYS_RESOURCE) and warns about the rest, as podman does; named, a missing one is refused.
    @Test func capAddAllKeepsWhatTheHostHas() throws {
        let harness = try AppTestHarness("capall")
        defer { harness.tearDown() }
        let host = Capability.boundingSetOfThisProcess()
        let missing = Set(0...Capability.lastKnown).subtracting(host)
        let outcome = try harness.app(["run", "--rm", "--cap-add", "ALL", harness.image, "grep", "CapEff", "/proc/self/status"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let effective = outcome.stdout.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        #expect(UInt64(effective, radix: 16) == Capability.mask(host), "\(outcome.stdout)")
        if let lacking = missing.min() {
            #expect(outcome.stderr.contains("warning") && outcome.stderr.contains(Capability.name(of: lacking)), "\(outcome.stderr)")
            let named = try harness.app(["run", "--rm", "--cap-add", Capability.name(of: lacking), harness.image, "true"])
            #expect(named.status == 125 && named.stderr.contains("bounding set"), "\(named.stderr)")
        } else {
            #expect(!outcome.stderr.contains("warning"), "\(outcome.stderr)")
        }
    }

    /// An image a container uses: refused, then with -f untagged but kept, so the container
    /// still starts; once the container goes, the image can go.
    @Test func rmiOfAnImageInUseIsRefusedUnlessForced() throws {
        let harness = try AppTestHarness("rmi")
        defer { harness.tearDown() }
        let name = harness.name("user")
        try harness.ok(["create", "--name", name, harness.image, "echo", "still-here"])
        let refused = try harness.app(["rmi", harness.image])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(name) && refused.stderr.contains("-f"), "\(refused.stderr)")
        #expect(try harness.ok(["images"]).contains("apptest"))
        #expect(try harness.ok(["rmi", "-f", harness.image]).contains("untagged"))
        #expect(!(try harness.ok(["images"]).contains("apptest")))
        #expect(try harness.ok(["start", "-a", name]) == "still-here\n")
        try harness.ok(["rm", name])
        let images = try harness.ok(["images"]).split(separator: "\n")
        let id = try #require(images.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true)[2])
        #expect(try harness.ok(["rmi", String(id)]).contains("deleted"))
        #expect(try harness.ok(["images"]).split(separator: "\n").count == 1)
    }

    /// docker's inspect: a JSON array, State.OOMKilled set when the memory limit killed it.
    @Test func inspectIsAnArrayAndSaysWhenTheOOMKillerStruck() throws {
        let harness = try AppTestHarness("oom")
        defer { harness.tearDown() }
        let name = harness.name("hog")
        let hog = "x=$(head -c 64000000 /dev/zero | tr '\\0' a); echo ${#x}"
        let outcome = try harness.app(["run", "--name", name, "-m", "6m", harness.image, "sh", "-c", hog])
        #expect(outcome.status == 137, "\(outcome.stdout) \(outcome.stderr)")
        let state = try harness.inspect(name)["State"] as? [String: Any]
        #expect(state?["OOMKilled"] as? Bool == true, "\(String(describing: state))")
        #expect(state?["ExitCode"] as? Int == 137)
        #expect(state?["Status"] as? String == "exited")
        let calm = harness.name("calm")
        try harness.ok(["run", "--name", calm, harness.image, "true"])
        #expect((try harness.inspect(calm)["State"] as? [String: Any])?["OOMKilled"] as? Bool == false)
        let both = try JSONSerialization.jsonObject(with: Data(try harness.ok(["inspect", name, calm]).utf8)) as? [[String: Any]]
        #expect(both?.compactMap { $0["Name"] as? String } == ["/" + name, "/" + calm])
        #expect(try harness.app(["inspect", "no-such-container"]).status != 0)
    }

    /// `logs -f` prints what comes while the container runs and returns when it stops.
    @Test func logsFollowUntilTheContainerStops() throws {
        let harness = try AppTestHarness("follow")
        defer { harness.tearDown() }
        let name = harness.name("talker")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sh", "-c",
                        "for i in 1 2 3 4 5; do echo line-$i; sleep 0.2; done"])
        #expect(try harness.ok(["logs", "-f", name]) == "line-1\nline-2\nline-3\nline-4\nline-5\n")
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (0)"))
        #expect(try harness.ok(["logs", "--follow", name]) == "line-1\nline-2\nline-3\nline-4\nline-5\n")
    }
}
