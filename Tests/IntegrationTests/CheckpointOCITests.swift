import Foundation
import Glibc
import Testing
import NamespaceCore
import Targets

/// `cbench-oci checkpoint` / `restore` for real: pids, memory, open files and a TCP
/// connection kept; post-copy (lazy pages) on one host; and every failure leaves the source
/// running or restorable, with a one-line error naming the image and the stage.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, the busybox root and a built cbench-oci"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4.2)"))
struct CheckpointOCITests {
    /// A detached container of `script` and its init pid.
    static func start(_ harness: OCITestHarness, _ id: String, script: String) throws -> (bundle: String, pid: Int32) {
        let bundle = try harness.bundle(id, args: ["/bin/sh", "-c", script])
        let run = try harness.oci(["run", "-d", "--bundle", bundle, id])
        try #require(run.status == 0, "run -d: \(run.stderr)")
        let pid = try #require(try harness.state(id)["pid"] as? Int, "no pid for \(id)")
        return (bundle, Int32(pid))
    }

    static func cleanup(_ harness: OCITestHarness, _ ids: [String]) {
        for id in ids {
            let pid = (try? harness.state(id))?["pid"] as? Int
            _ = try? harness.oci(["delete", "--force", id])
            if let pid { harness.reap(Int32(pid)) }
        }
        harness.expectNothingLeft("delete --force of its checkpointed containers")
        // Never a plain recursive removal: a mount CRIU left would lead into the container's root.
        _ = HostCommandRunner().run(["rm", "-rf", "--one-file-system", harness.workDir])
        ProjectDirectories.removeIfEmpty([harness.stateRoot])
    }

    @Test func pidsMemoryAndOpenFilesSurviveARestore() throws {
        let harness = try OCITestHarness("ckstate")
        let id = harness.id("ckstate")
        defer { Self.cleanup(harness, [id]) }
        let (bundle, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script())
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "cbench-oci")
        #expect(before.initPidInside == 1)
        let images = "\(harness.workDir)/images"
        let checkpoint = try harness.oci(["checkpoint", "--image-path", images, id])
        try #require(checkpoint.status == 0, "checkpoint: \(checkpoint.stderr)")
        harness.reap(pid)
        #expect(try harness.state(id).isEmpty, "the container still exists after its checkpoint")
        let restore = try harness.oci(["restore", "--detach", "--image-path", images, "--bundle", bundle, id])
        try #require(restore.status == 0, "restore: \(restore.stderr)")
        let restored = try #require(try harness.state(id)["pid"] as? Int)
        #expect(try harness.state(id)["status"] as? String == "running")
        CheckpointStateAssertions.expectKept(before, restoredPid: Int32(restored), label: "cbench-oci")
        #expect(StdioLink.target(pid: Int32(restored), fd: 3).hasSuffix("/held"))
        #expect(harness.leftovers(ids: [id]).contains { $0.hasPrefix("mount") } == false)
    }

    @Test func anEstablishedTCPConnectionSurvivesWithTcpEstablished() throws {
        let harness = try OCITestHarness("cktcp")
        let id = harness.id("cktcp")
        defer { Self.cleanup(harness, [id]) }
        let (bundle, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script(tcp: true))
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "tcp")
        let images = "\(harness.workDir)/images"
        let checkpoint = try harness.oci(["checkpoint", "--tcp-established", "--image-path", images, id])
        try #require(checkpoint.status == 0, "checkpoint: \(checkpoint.stderr)")
        harness.reap(pid)
        let restore = try harness.oci(["restore", "-d", "--tcp-established", "--image-path", images, "--bundle", bundle, id])
        try #require(restore.status == 0, "restore: \(restore.stderr)")
        let restored = try #require(try harness.state(id)["pid"] as? Int)
        CheckpointStateAssertions.expectKept(before, restoredPid: Int32(restored), tcp: true, label: "tcp")
    }

    /// Post-copy restore on one host: the tree runs again before its memory is back, and a
    /// `criu lazy-pages` daemon fills each page through userfaultfd when it is first touched
    /// (here from the local images; between hosts from the source's page server, which CRIU
    /// 4.2.1 cannot serve on this kernel: "page-pipe: splice: Bad file descriptor", with runc too).
    @Test func postCopyRestoreFaultsMemoryInThroughUserfaultfd() throws {
        let harness = try OCITestHarness("cklazy")
        let id = harness.id("cklazy")
        defer { Self.cleanup(harness, [id]) }
        let (bundle, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script())
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "post-copy")
        let images = "\(harness.workDir)/images"
        try #require(try harness.oci(["checkpoint", "--image-path", images, id]).status == 0)
        harness.reap(pid)
        let daemon = try Spawn.detached([CRIUPaths.criu, "lazy-pages", "--images-dir", images, "--work-dir", images,
                                         "--log-file", "lazy-pages.log", "-v4"]).start().pid
        defer {
            kill(daemon, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(daemon, &status, 0)
        }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: "\(images)/lazy-pages.socket") { usleep(10_000) }
        let restore = try harness.oci(["restore", "-d", "--lazy-pages", "--image-path", images, "--bundle", bundle, id])
        try #require(restore.status == 0, "lazy restore: \(restore.stderr)")
        let restored = try #require(try harness.state(id)["pid"] as? Int)
        CheckpointStateAssertions.expectKept(before, restoredPid: Int32(restored), label: "post-copy")
        let log = (try? String(contentsOfFile: "\(images)/lazy-pages.log", encoding: .utf8)) ?? ""
        #expect(log.contains("#PF at"), "no page was faulted in through userfaultfd")
    }

    /// Without --tcp-established CRIU refuses the connection: the checkpoint fails and the
    /// container runs on, counting.
    @Test func aFailedCheckpointLeavesTheContainerRunning() throws {
        let harness = try OCITestHarness("ckfail")
        let id = harness.id("ckfail")
        defer { Self.cleanup(harness, [id]) }
        let (_, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script(tcp: true))
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "failed checkpoint")
        let images = "\(harness.workDir)/images"
        let checkpoint = try harness.oci(["checkpoint", "--image-path", images, id])
        #expect(checkpoint.status != 0)
        let line = checkpoint.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!line.contains("\n") && line.contains("checkpoint \(id)"), "\(line)")
        #expect(try harness.state(id)["status"] as? String == "running")
        let after = CheckpointStateWorkload.wait(initPid: pid) { ($0.count ?? 0) > (before.count ?? 0) + 5 }
        #expect((after.count ?? 0) > (before.count ?? 0) + 5, "the container stopped counting after a failed checkpoint")
        #expect(!FileManager.default.fileExists(atPath: "\(images)/cbench-checkpoint.json"))
    }

    /// Missing, truncated and corrupt images: one line naming the image and the stage, and no
    /// container, cgroup or mount left; the intact copy then restores.
    @Test func badImagesAreNamedAndLeaveNothing() throws {
        let harness = try OCITestHarness("ckbad")
        let id = harness.id("ckbad")
        defer { Self.cleanup(harness, [id]) }
        let (bundle, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script())
        _ = try CheckpointStateAssertions.settled(initPid: pid, label: "bad images")
        let images = "\(harness.workDir)/images"
        try #require(try harness.oci(["checkpoint", "--image-path", images, id]).status == 0)
        harness.reap(pid)
        let copy = "\(harness.workDir)/damaged"
        func damaged(_ change: (String) throws -> Void) throws -> String {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: images, toPath: copy)
            try change(copy)
            let outcome = try harness.oci(["restore", "-d", "--image-path", copy, "--bundle", bundle, id])
            #expect(outcome.status != 0)
            #expect(harness.leftovers(ids: [id]).isEmpty, "\(harness.leftovers(ids: [id]))")
            return outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let missing = try harness.oci(["restore", "-d", "--image-path", "\(harness.workDir)/none", "--bundle", bundle, id])
        #expect(missing.stderr.contains("restore \(id) \(harness.workDir)/none") && missing.stderr.contains("no checkpoint image directory"), "\(missing.stderr)")
        let truncated = try damaged { directory in
            let pages = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("pages-") })
            #expect(truncate("\(directory)/\(pages)", 4096) == 0)
        }
        #expect(truncated.contains("restore \(id) \(copy)/pages-") && truncated.contains("truncated") && !truncated.contains("\n"), "\(truncated)")
        let corrupt = try damaged { directory in
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: "\(directory)/pstree.img")))
            bytes[bytes.count - 1] ^= 0x5a
            try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/pstree.img"))
        }
        #expect(corrupt.contains("restore \(id) \(copy)/pstree.img") && corrupt.contains("corrupt") && !corrupt.contains("\n"), "\(corrupt)")
        let good = try harness.oci(["restore", "-d", "--image-path", images, "--bundle", bundle, id])
        #expect(good.status == 0, "the intact checkpoint does not restore: \(good.stderr)")
    }

    /// kill -9 of cbench-oci while CRIU dumps: the container either runs on (not frozen) or
    /// was dumped whole and restores; `delete` or `restore` then works as usual.
    @Test func aKilledCheckpointLeavesARunningOrRestorableContainer() throws {
        let harness = try OCITestHarness("ckkill")
        let id = harness.id("ckkill")
        defer { Self.cleanup(harness, [id]) }
        let (bundle, pid) = try Self.start(harness, id, script: CheckpointStateWorkload.script())
        let before = try CheckpointStateAssertions.settled(initPid: pid, label: "killed checkpoint")
        let images = "\(harness.workDir)/images"
        let checkpointer = try Spawn.detached([harness.binary, "--root", harness.stateRoot, "checkpoint", "--image-path", images, id]).start().pid
        // Killed once CRIU is under way: the checkpointer has a child (criu swrk) by then.
        let children = "/proc/\(checkpointer)/task/\(checkpointer)/children"
        let deadline = MonotonicDeadline(seconds: 30)
        while FileIO.contents(children).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && !deadline.hasPassed {
            usleep(1_000)
        }
        #expect(!FileIO.contents(children).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "cbench-oci checkpoint never started criu")
        kill(checkpointer, SIGKILL)
        var status: Int32 = 0
        while waitpid(checkpointer, &status, 0) < 0 && errno == EINTR {}
        // CRIU (its child, now ours: the harness is a subreaper) finishes on its own, either way.
        Self.reapOrphanedCRIU()
        let settled = CheckpointStateWorkload.wait(initPid: pid, seconds: 10) { _ in
            !FileManager.default.fileExists(atPath: "/proc/\(pid)") || Self.thawed(harness, id)
        }
        if FileManager.default.fileExists(atPath: "/proc/\(pid)") && Self.isRunning(harness, id) {
            let after = CheckpointStateWorkload.wait(initPid: pid) { ($0.count ?? 0) > (settled.count ?? 0) + 3 }
            #expect((after.count ?? 0) > (settled.count ?? 0) + 3, "the container runs but is stuck after the killed checkpoint")
        } else {
            harness.reap(pid)
            let restore = try harness.oci(["restore", "-d", "--image-path", images, "--bundle", bundle, id])
            try #require(restore.status == 0, "the dumped container does not restore: \(restore.stderr)")
            let restored = try #require(try harness.state(id)["pid"] as? Int)
            let after = CheckpointStateWorkload.wait(initPid: Int32(restored)) { ($0.count ?? 0) > (before.count ?? 0) }
            #expect((after.count ?? 0) > (before.count ?? 0))
        }
    }

    /// Waits for every `criu swrk` that came back to this process.
    static func reapOrphanedCRIU() {
        let me = getpid()
        for _ in 0..<300 {
            let orphans = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
                let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
                let parent = status.split(separator: "\n").first { $0.hasPrefix("PPid:") }?.split(separator: "\t").last.flatMap { Int32($0) }
                let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
                return parent == me && command.contains("criu") && command.contains("swrk")
            }
            if orphans.isEmpty { return }
            for pid in orphans {
                var status: Int32 = 0
                _ = waitpid(pid, &status, WNOHANG)
            }
            usleep(50_000)
        }
    }

    static func isRunning(_ harness: OCITestHarness, _ id: String) -> Bool {
        ((try? harness.state(id))?["status"] as? String) == "running"
    }

    /// The container's v1 freezer says THAWED (CRIU may have died with it frozen).
    static func thawed(_ harness: OCITestHarness, _ id: String) -> Bool {
        let bundle = "\(harness.workDir)/\(id)"
        let config = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(bundle)/config.json")))) as? [String: Any]
        let path = ((config?["linux"] as? [String: Any])?["cgroupsPath"] as? String).map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 } ?? "cbench/oci-\(id)"
        let state = (try? String(contentsOfFile: "/sys/fs/cgroup/freezer/\(path)/freezer.state", encoding: .utf8)) ?? "THAWED"
        return state.hasPrefix("THAWED") && isRunning(harness, id)
    }
}

enum CRIUPaths {
    static var criu: String { CheckpointSupport.findCRIU(environment: ProcessInfo.processInfo.environment) ?? "/usr/local/sbin/criu" }
}

enum StdioLink {
    static func target(pid: Int32, fd: Int32) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? ""
    }
}
