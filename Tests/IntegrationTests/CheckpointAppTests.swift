import AppContainers
import Foundation
import Glibc
import Testing
import NamespaceCore

/// `cbench app checkpoint` / `restore`, as podman's: the restored container keeps its state,
/// name, network address and volume, and is a normal container of the store again (logs,
/// stop, rm); an exported checkpoint comes back under a new name.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4.2)"))
struct CheckpointAppTests {
    static func pid(_ harness: AppTestHarness, _ container: String) throws -> Int32 {
        let store = AppStore(root: harness.root, runRoot: harness.runRoot)
        let live = try #require(store.loadRunState(of: try store.resolve(container)), "\(container) has no run state")
        return live.pid
    }

    @Test func theRestoredContainerKeepsStateNameAndVolumeAndIsOrdinaryAgain() throws {
        let harness = try AppTestHarness("ckapp")
        defer { harness.tearDown() }
        let name = harness.name("web")
        let volume = harness.name("data")
        let script = CheckpointStateWorkload.script() .replacingOccurrences(of: "echo $i > $d/count;", with: "echo $i > $d/count; echo $i > /data/count;")
        try harness.ok(["run", "-d", "--name", name, "-v", "\(volume):/data", harness.image, "sh", "-c", script])
        let pid = try Self.pid(harness, name)
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "cbench-app")
        try harness.ok(["checkpoint", name])
        let listed = try harness.ok(["ps", "-a"])
        #expect(listed.contains("Exited (checkpointed)"), "\(listed)")
        #expect(try harness.ok(["restore", name]) == "\(name)\n")
        let restored = try Self.pid(harness, name)
        CheckpointStateAssertions.expectKept(before, restoredPid: restored, label: "cbench-app")
        let volumeCount = Int((try? String(contentsOfFile: "\(harness.root)/volumes/\(volume)/_data/count", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(volumeCount > (before.count ?? .max), "the volume is not written after the restore (\(volumeCount))")
        #expect(try harness.ok(["ps"]).contains(name))
        _ = try harness.ok(["logs", name])
        #expect(try harness.ok(["stop", "-t", "1", name]) == "\(name)\n")
        #expect(try harness.ok(["rm", name]) == "\(name)\n")
        try harness.ok(["volume", "rm", volume])
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
    }

    /// The restored container is the store's monitor's, as a started one is: stop records
    /// its own exit status, a second checkpoint and restore still works, kill records 137,
    /// and rm leaves no monitor, run root or cgroup behind.
    @Test func theRestoredContainerIsSupervisedByTheMonitorAsAStartedOneIs() throws {
        let harness = try AppTestHarness("ckmon")
        defer { harness.tearDown() }
        let name = harness.name("mon")
        let counting = "trap 'exit 5' TERM; i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 0.1; done"
        try harness.ok(["run", "-d", "--name", name, harness.image, "sh", "-c", counting])
        try harness.ok(["checkpoint", name])
        try harness.ok(["restore", name])
        let store = AppStore(root: harness.root, runRoot: harness.runRoot)
        let monitors = AppMonitorTests.monitors(of: harness.runRoot)
        #expect(monitors.count == 1, "\(monitors)")
        let runState = try #require(store.loadRunState(of: try store.resolve(name)))
        #expect(monitors == [runState.supervisorPid], "the run state names the monitor as the supervisor")
        #expect(Self.supervisors(of: harness.root).isEmpty, "no per-container supervisor after a restore")

        try harness.ok(["stop", name])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (5)"))
        #expect(AppMonitorTests.monitors(of: harness.runRoot).isEmpty)

        try harness.ok(["start", name])
        try harness.ok(["checkpoint", name])
        try harness.ok(["restore", name])
        #expect(try harness.ok(["ps"]).contains(name))
        try harness.ok(["kill", name])
        #expect(try harness.ok(["ps", "-a"]).contains("Exited (137)"))
        #expect(try harness.ok(["rm", name]) == "\(name)\n")
        #expect(AppMonitorTests.monitors(of: harness.runRoot).isEmpty)
        #expect(access(harness.runRoot, F_OK) != 0, "the monitor removed the run root")
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
    }

    /// Live `cbench app _supervise` processes working on the store at `root`.
    static func supervisors(of root: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
                  let environment = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")) else { return false }
            let words = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.contains("_supervise") && environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "CBENCH_APP_ROOT=\(root)" }
        }
    }

    @Test func theRestoredContainerKeepsItsNetworkAddress() throws {
        let harness = try AppTestHarness("cknet")
        defer {
            harness.tearDown()
            _ = try? harness.app(["network", "rm", harness.name("net")])
        }
        let network = harness.name("net")
        try harness.ok(["network", "create", network])
        let name = harness.name("svc")
        try harness.ok(["run", "-d", "--name", name, "--network", network, harness.image, "sh", "-c", CheckpointStateWorkload.script()])
        let pid = try Self.pid(harness, name)
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "network")
        let address = try #require(Self.address(pid: pid), "no address on eth0")
        try harness.ok(["checkpoint", name])
        try harness.ok(["restore", name])
        let restored = try Self.pid(harness, name)
        CheckpointStateAssertions.expectKept(before, restoredPid: restored, label: "network")
        #expect(Self.address(pid: restored) == address)
        let members = try String(contentsOfFile: "\(harness.root)/networks/\(network).members.json", encoding: .utf8)
        #expect(members.contains(address) && members.contains("\"pid\":\(restored)"), "\(members)")
        try harness.ok(["rm", "-f", name])
        try harness.ok(["network", "rm", network])
    }

    @Test func anExportedCheckpointComesBackUnderANewName() throws {
        let harness = try AppTestHarness("ckexp")
        defer { harness.tearDown() }
        let name = harness.name("orig")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sh", "-c", CheckpointStateWorkload.script()])
        let before = try CheckpointStateAssertions.settled(initPid: try Self.pid(harness, name), label: "export")
        let archive = "\(harness.root)/web.tar.gz"
        try harness.ok(["checkpoint", "--export", archive, name])
        try harness.ok(["rm", name])
        let copy = harness.name("copy")
        #expect(try harness.ok(["restore", "--import", archive, "--name", copy]) == "\(copy)\n")
        CheckpointStateAssertions.expectKept(before, restoredPid: try Self.pid(harness, copy), label: "import")
        try harness.ok(["rm", "-f", copy])
        unlink(archive)
    }

    /// A --rm container's root is a volatile overlay, whose marker refuses a second mount: its
    /// exported checkpoint still comes back (restore removes the marker and mounts it volatile).
    /// The checkpoint ends the container, which then goes as its --rm asked, after the export
    /// took its files; without --export (or --leave-running) the checkpoint is refused.
    @Test func aRemovedOnExitContainersCheckpointComesBack() throws {
        let harness = try AppTestHarness("ckrm")
        defer { harness.tearDown() }
        let name = harness.name("rm")
        try harness.ok(["run", "-d", "--rm", "--name", name, harness.image, "sh", "-c", CheckpointStateWorkload.script()])
        let pid = try Self.pid(harness, name)
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "volatile")
        let refused = try harness.app(["checkpoint", name])
        #expect(refused.status != 0 && refused.stderr.contains("--export FILE or --leave-running"), "\(refused.stderr)")
        let pidAfterRefusal = try Self.pid(harness, name)
        #expect(kill(pid, 0) == 0 && pidAfterRefusal == pid, "a refused checkpoint ended the container")
        let archive = "\(harness.root)/rm.tar.gz"
        try harness.ok(["checkpoint", "--export", archive, name])
        let gone = try harness.app(["inspect", name])
        #expect(gone.status != 0, "the --rm container is still there after its checkpoint: \(gone.stdout)")
        let copy = harness.name("rmcopy")
        #expect(try harness.ok(["restore", "--import", archive, "--name", copy]) == "\(copy)\n")
        CheckpointStateAssertions.expectKept(before, restoredPid: try Self.pid(harness, copy), label: "volatile import")
        try harness.ok(["rm", "-f", copy])
        unlink(archive)
    }

    @Test func aContainerWithoutCheckpointIsNamed() throws {
        let harness = try AppTestHarness("cknone")
        defer { harness.tearDown() }
        let name = harness.name("idle")
        try harness.ok(["create", "--name", name, harness.image, "true"])
        let outcome = try harness.app(["restore", name])
        #expect(outcome.status != 0 && outcome.stderr.contains("has no checkpoint"), "\(outcome.stderr)")
    }

    /// The IPv4 address of eth0, from the container's own /proc/net/fib_trie ("/32 host LOCAL").
    static func address(pid: Int32) -> String? {
        let trie = (try? String(contentsOfFile: "/proc/\(pid)/net/fib_trie", encoding: .utf8)) ?? ""
        let lines = trie.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() where line == "/32 host LOCAL" && index > 0 {
            let address = lines[index - 1].replacingOccurrences(of: "|-- ", with: "")
            if !address.hasPrefix("127.") { return address }
        }
        return nil
    }
}
