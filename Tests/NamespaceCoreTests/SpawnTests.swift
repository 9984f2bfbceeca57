#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCoreTesting
@testable import NamespaceCore

@Suite struct SpawnTests {
    /// The hex mask after `name:` in a /proc/PID/status text.
    private func mask(_ name: String, in status: String) -> UInt64? {
        status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .flatMap { UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
    }

    private func bit(_ signal: Int32) -> UInt64 { 1 << UInt64(signal - 1) }

    @Test func childStartsWithDefaultSignalHandlingWhateverWeIgnoreOrBlock() throws {
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var saved = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        let ours = FileIO.contents("/proc/thread-self/status")
        try #require((mask("SigIgn", in: ours) ?? 0) & bit(SIGINT) != 0, "this thread should ignore SIGINT now")
        try #require((mask("SigBlk", in: ours) ?? 0) & bit(SIGTERM) != 0, "this thread should block SIGTERM now")

        let child = try Spawn(["cat", "/proc/self/status"]).run()
        #expect(child.exit == .exited(0))
        let ignored = try #require(mask("SigIgn", in: child.stdout))
        #expect(ignored & bit(SIGINT) == 0, "a spawned child gets default SIGINT handling: \(child.stdout)")
        // 32 and 33 are glibc's own (thread cancellation, setxid), which posix_spawn leaves alone.
        #expect(ignored & ~(bit(32) | bit(33)) == 0, "a spawned child ignores no signal a program can see")
        #expect(mask("SigBlk", in: child.stdout) == 0, "a spawned child blocks no signal")
    }

    @Test func capturesStdoutAndStderrApartOrTogether() throws {
        let script = "echo one; echo two >&2; echo three"
        let apart = try Spawn(["sh", "-c", script]).run()
        #expect(apart.stdout == "one\nthree\n")
        #expect(apart.stderr == "two\n")
        let together = try Spawn(["sh", "-c", script], stderr: .stdout).run()
        #expect(together.stdout == "one\ntwo\nthree\n")
        #expect(together.stderr == "")
        #expect(HostCommandRunner().run(["sh", "-c", script]) == HostCommandResult(status: 0, output: "one\ntwo\nthree\n"))
    }

    @Test func exitIsDecoded() throws {
        let exited = try Spawn(["sh", "-c", "exit 3"]).run()
        #expect(exited.exit == .exited(3))
        #expect(exited.status == 3)
        let killed = try Spawn(["sh", "-c", "kill -TERM $$"]).run()
        #expect(killed.exit == .signaled(SIGTERM))
        #expect(killed.status == 128 + SIGTERM)
    }

    @Test func filesAreTruncatedOrAppendedTo() throws {
        let directory = try #require(mkdtemp(strdup("/tmp/cbench-spawntest-XXXXXX")).map { String(cString: $0) })
        let out = directory + "/out", log = directory + "/log"
        defer {
            unlink(out)
            unlink(log)
            rmdir(directory)
        }
        try FileIO.write(out, Array("old text that is longer\n".utf8))
        let result = try Spawn(["sh", "-c", "echo new; echo err >&2"], stdout: .file(out), stderr: .appending(log)).run()
        _ = try Spawn(["sh", "-c", "echo again >&2"], stdout: .null, stderr: .appending(log)).run()
        #expect(result.stdout == "new\n")
        #expect(result.stderr == "", "an appended log is not read back")
        #expect(FileIO.contents(out) == "new\n")
        #expect(FileIO.contents(log) == "err\nagain\n")
    }

    @Test func environmentDirectoryAndStdin() throws {
        let result = try Spawn(["sh", "-c", "echo $CBENCH_SPAWN_TEST; pwd; cat"], environment: ["CBENCH_SPAWN_TEST": "laid over"],
                               stdinPath: "/proc/self/comm", directory: "/usr/bin").run()
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "laid over")
        #expect(lines.dropFirst().first == "/usr/bin")
        #expect(lines.count == 3, "stdin was read: \(result.stdout)")
    }

    @Test func passesDescriptorsFromThreeOn() throws {
        var first: [Int32] = [-1, -1], second: [Int32] = [-1, -1]
        try #require(pipe(&first) == 0 && pipe(&second) == 0)
        defer { (first + second).forEach { close($0) } }
        let result = try Spawn(["sh", "-c", "echo to-three >&3; echo to-four >&4"], passing: [first[1], second[1]]).run()
        #expect(result.exit == .exited(0))
        close(first[1])
        close(second[1])
        first[1] = -1
        second[1] = -1
        #expect(String(decoding: try FileIO.readAll(fd: first[0]), as: UTF8.self) == "to-three\n")
        #expect(String(decoding: try FileIO.readAll(fd: second[0]), as: UTF8.self) == "to-four\n")
    }

    /// Descriptors at chosen numbers (as CRIU takes its socket at 3 and a restored tree's stdio
    /// at 0-2): a placed 1 replaces the captured stdout, and stderr merged into stdout follows it.
    @Test func placesDescriptorsAtChosenNumbers() throws {
        var out: [Int32] = [-1, -1], six: [Int32] = [-1, -1]
        try #require(pipe(&out) == 0 && pipe(&six) == 0)
        defer { (out + six).forEach { if $0 >= 0 { close($0) } } }
        let result = try Spawn(["sh", "-c", "echo to-one; echo to-two >&2; echo to-six >&6"],
                               stdout: .capture, stderr: .stdout, placing: [1: out[1], 6: six[1]]).run()
        #expect(result.exit == .exited(0))
        #expect(result.stdout.isEmpty)
        close(out[1])
        close(six[1])
        out[1] = -1
        six[1] = -1
        #expect(String(decoding: try FileIO.readAll(fd: out[0]), as: UTF8.self) == "to-one\nto-two\n")
        #expect(String(decoding: try FileIO.readAll(fd: six[0]), as: UTF8.self) == "to-six\n")
    }

    /// A descriptor of ours without close-on-exec (as a shell's `flock` leaves one) is not the
    /// program's: it sees 0, 1, 2 and what it was passed, nothing else.
    @Test func noDescriptorButThoseAskedForReachesTheProgram() throws {
        let stray = open("/dev/null", O_RDONLY)
        var passed: [Int32] = [-1, -1]
        try #require(stray >= 0 && pipe(&passed) == 0)
        defer { ([stray] + passed).forEach { close($0) } }
        try #require(fcntl(stray, F_GETFD) & FD_CLOEXEC == 0)
        let result = try Spawn(["sh", "-c", "cd /proc/self/fd && for fd in *; do [ -e \"$fd\" ] && echo \"$fd\"; done; true"],
                               stdout: .capture, passing: [passed[1]]).run()
        #expect(result.exit == .exited(0))
        let open = Set(result.stdout.split(separator: "\n").map(String.init))
        #expect(open.contains("3"))
        #expect(!open.contains(String(stray)), "descriptor \(stray) of the caller reached the program: \(open.sorted())")
        #expect(open.isSubset(of: ["0", "1", "2", "3", "255"]), "unexpected descriptors: \(open.sorted())")
    }

    /// Fields 5 and 6 of /proc/PID/stat (process group, session) after the command name.
    private func groupAndSession(_ stat: String) -> (pid: Int32, group: Int32, session: Int32)? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard let pid = Int32(stat.split(separator: " ")[0]), fields.count > 3,
              let group = Int32(fields[2]), let session = Int32(fields[3]) else { return nil }
        return (pid, group, session)
    }

    @Test func ownGroupByDefaultOursWhenInheritedOwnSessionWhenDetached() throws {
        let grouped = try #require(groupAndSession(try Spawn(["cat", "/proc/self/stat"]).run().stdout))
        #expect(grouped.group == grouped.pid)
        #expect(grouped.session == getsid(0))
        let inherited = try #require(groupAndSession(try Spawn(["cat", "/proc/self/stat"], session: .inherited).run().stdout))
        #expect(inherited.group == getpgrp())
        var detached = Spawn.detached(["cat", "/proc/self/stat"], output: .capture)
        detached.stderr = .null
        let alone = try #require(groupAndSession(try detached.run().stdout))
        #expect(alone.session == alone.pid)
        #expect(alone.group == alone.pid)
    }

    @Test func aProgramNotOnPathIsNotFound() {
        let error = #expect(throws: CoreError.self) { try Spawn(["cbench-no-such-program"]).run() }
        #expect(error?.kind == .notFound)
        #expect(error?.stage == "spawn cbench-no-such-program")
        #expect(throws: CoreError.self) { try Spawn([]).run() }
    }

    @Test func terminateEndsAndReapsEvenAProgramThatIgnoresSIGTERM() throws {
        let polite = try Spawn(["sleep", "30"], stdout: .null, stderr: .null).start()
        #expect(ChildProcess.exited(polite.pid) == nil)
        ChildProcess.terminate(polite.pid, grace: 5)
        #expect(kill(polite.pid, 0) != 0 && errno == ESRCH, "ended and reaped")
        let stubborn = try Spawn(["sh", "-c", "trap '' TERM; exec sleep 30"], stdout: .null, stderr: .null).start()
        // Only once SIGTERM is ignored does the test show the SIGKILL after the grace.
        try #require(SignalDisposition.ignored.waitUntilSet(SIGTERM, pid: stubborn.pid))
        ChildProcess.terminate(stubborn.pid, grace: 1)
        #expect(kill(stubborn.pid, 0) != 0 && errno == ESRCH, "killed and reaped")
    }

    /// A child that ends within the wait comes back with its status, reaped (a second reap
    /// after the pidfd woke the wait would find no child and lose the status); one that runs
    /// past the wait gives nil and runs on; a process that is no child of ours gives nil.
    @Test func exitedWithinAWaitReapsAChildThatEndsAndNothingElse() throws {
        let quick = try Spawn(["sh", "-c", "sleep 0.05; exit 4"], stdout: .null, stderr: .null).start()
        #expect(ChildProcess.exited(quick.pid, withinMilliseconds: 10_000) == .exited(4))
        #expect(kill(quick.pid, 0) != 0 && errno == ESRCH, "reaped")
        let slow = try Spawn(["sleep", "30"], stdout: .null, stderr: .null).start()
        #expect(ChildProcess.exited(slow.pid, withinMilliseconds: 20) == nil)
        #expect(kill(slow.pid, 0) == 0, "still running after the wait")
        ChildProcess.terminate(slow.pid, grace: 1)
        #expect(ChildProcess.exited(1, withinMilliseconds: 20) == nil)
    }
}

@Suite struct ExecutablePathTests {
    @Test func findsOnPathAndTakesPathsAsGiven() {
        #expect(ExecutablePath.find("sh", environment: ["PATH": "/nonexistent:/bin"]) == "/bin/sh")
        #expect(ExecutablePath.find("sh", environment: ["PATH": "/nonexistent"]) == nil)
        #expect(ExecutablePath.find("sh", environment: [:]).map { $0.hasSuffix("/sh") } == true, "the default PATH")
        #expect(ExecutablePath.find("/bin/sh") == "/bin/sh")
        #expect(ExecutablePath.find("/bin") == nil, "a directory is no program")
        #expect(ExecutablePath.find("bin", environment: ["PATH": "/"]) == nil, "a directory on PATH is no program")
        #expect(ExecutablePath.find("") == nil)
    }
}
