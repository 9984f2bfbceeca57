import Foundation
import Testing
@testable import NamespaceCore

@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0))
struct LauncherTests {
    /// One spec setting each: the container exits as expected and prints what shows it applied.
    @Test(arguments: LaunchCase.applied)
    func aSettingIsApplied(_ launch: LaunchCase) throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, launch.args)
        launch.configure(&spec)
        let (status, output) = try launchAndCollect(spec)
        #expect(status == launch.status, "\(output)")
        #expect(status.exitCodeForShell == launch.status.exitCodeForShell)
        if let words = launch.words {
            #expect(output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init) == words, "\(output)")
        }
        for expected in launch.contains { #expect(output.contains(expected), "no \(expected.debugDescription) in \(output)") }
    }

    /// Specs the child cannot carry out: the error names the stage and the errno.
    @Test(arguments: RefusedLaunchCase.all)
    func aLaunchIsRefused(_ launch: RefusedLaunchCase) throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, launch.args)
        launch.configure(&spec)
        let error = #expect(throws: CoreError.self) { try launchAndCollect(spec) }
        #expect(error?.stage == launch.stage)
        #expect(error?.errno == launch.errno)
    }


    @Test func signalKilledChildIsReportedAsSignaled() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sleep", "30"])
        spec.namespaces = [.init(.mount), .init(.uts)]
        let process = try Launcher().launch(spec)
        try process.signal(SIGTERM)
        let status = try process.wait()
        #expect(status == .signaled(SIGTERM))
        #expect(status.exitCodeForShell == 128 + SIGTERM)
    }

    @Test func sigkillReachesPidOne() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let process = try Launcher().launch(busyboxSpec(rootfs, ["sleep", "30"]))
        try process.signal(SIGKILL)
        #expect(try process.wait() == .signaled(SIGKILL))
    }

    @Test func processIsPidOne() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let (status, output) = try launchAndCollect(busyboxSpec(rootfs, ["sh", "-c", "echo $$; cat /proc/self/stat"]))
        #expect(status == .exited(0))
        let lines = output.split(separator: "\n")
        #expect(lines.first == "1")
        // newSession: the shell (pid 1) leads its own session (field 6 of its child's stat).
        let fields = lines.last?.split(separator: " ") ?? []
        #expect(fields.count > 5 && fields[5] == "1", "\(output)")
    }

    @Test func ownMountNamespaceWithProc() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let before = hostMountinfo()
        let (status, output) = try launchAndCollect(busyboxSpec(rootfs, ["cat", "/proc/self/mountinfo"]))
        #expect(status == .exited(0))
        let lines = output.split(separator: "\n")
        #expect(lines.contains { $0.contains(" /proc ") && $0.contains(" - proc ") })
        #expect(lines.contains { $0.contains(" /dev ") && $0.contains(" - tmpfs ") })
        #expect(!output.contains("/sys/fs/cgroup"), "host mounts leaked into the container:\n\(output)")
        #expect(hostMountinfo() == before)
    }

    @Test func standardDevicesAndLinks() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let (status, output) = try launchAndCollect(busyboxSpec(rootfs, ["sh", "-c",
            "ls /dev; readlink /dev/fd; echo hi > /dev/null && echo null-ok"]))
        #expect(status == .exited(0))
        for name in ["null", "zero", "full", "random", "urandom", "tty", "stdin", "stdout", "stderr", "ptmx", "fd"] {
            #expect(output.split(separator: "\n").contains(Substring(name)), "missing /dev/\(name) in\n\(output)")
        }
        #expect(output.contains("/proc/self/fd\n"))
        #expect(output.contains("null-ok"))
    }

    static var nofileHardLimit: rlim_t {
        var current = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &current)
        return current.rlim_max
    }

    @Test(.enabled(if: nofileHardLimit != rlim_t.max, "not applicable: RLIMIT_NOFILE's hard limit is unlimited, nothing lies above it"))
    func rlimitAboveHardLimitIsAClearError() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["true"])
        let tooHigh = UInt64(Self.nofileHardLimit) + 1
        spec.rlimits = [RlimitSpec(type: "nofile", soft: tooHigh, hard: tooHigh)]
        // Without CAP_SYS_RESOURCE the kernel refuses; with it this host could raise it.
        let error = #expect(throws: CoreError.self) { try launchAndCollect(spec) }
        #expect(error?.stage == "setrlimit RLIMIT_NOFILE")
        #expect(error?.errno == EPERM)
    }

    @Test func workingDirectoryThroughProcFdIsRefused() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let hostDir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(hostDir) }
        var spec = busyboxSpec(rootfs, ["pwd"])
        spec.preservedFDs = [hostDir]
        spec.workingDirectory = "/proc/self/fd/3"
        let error = #expect(throws: CoreError.self) { try launchAndCollect(spec) }
        #expect(error?.stage == "chdir /proc/self/fd/3")
        #expect(error?.errno == ELOOP)
    }

    @Test func missingRootfsIsAClearErrorAndLeavesNothing() throws {
        let before = hostMountinfo()
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [.init(.mount), .init(.pid)]
        spec.rootfs = RootfsSpec(.directory("/tmp/cbench-launcher-no-such-rootfs"))
        let error = #expect(throws: CoreError.self) { try Launcher().launch(spec) }
        #expect(error?.stage == "rootfs /tmp/cbench-launcher-no-such-rootfs")
        #expect(error?.errno == ENOENT)
        #expect(hostMountinfo() == before)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/cbench-launcher-no-such-rootfs"))
    }

    @Test func preservedFdsAreKeptAndOthersClosed() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let leaked = open("/dev/null", O_RDONLY)  // not close-on-exec on purpose
        let kept = open("/dev/zero", O_RDONLY | O_CLOEXEC)
        defer { close(leaked); close(kept) }
        var spec = busyboxSpec(rootfs, ["sh", "-c", "ls /proc/self/fd; readlink /proc/self/fd/3"])
        spec.preservedFDs = [kept]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        let lines = output.split(separator: "\n")
        // 0-2 stdio, 3 the preserved fd, 4 the directory ls itself opened.
        #expect(lines.prefix(5) == ["0", "1", "2", "3", "4"], "\(output)")
        #expect(lines.count == 6, "\(output)")
        #expect(lines.last == "/dev/zero", "\(output)")
    }

    @Test func startGateBlocksUntilTheFifoIsRead() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let dir = try LauncherTestRootfs.tempDir("gate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/exec.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        var spec = busyboxSpec(rootfs, ["echo", "started"])
        spec.startGateFIFO = fifo
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        spec.stdio = .fds(stdin: fds[1], stdout: fds[1], stderr: fds[1])
        let process = try Launcher().launch(spec)
        close(fds[1])
        defer { close(fds[0]) }
        // Waiting at the gate: not exited, nothing printed.
        #expect(try process.poll() == nil)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        var byte: UInt8 = 0
        #expect(read(fds[0], &byte, 1) == -1 && errno == EAGAIN)
        _ = fcntl(fds[0], F_SETFL, 0)
        let gate = open(fifo, O_RDONLY | O_CLOEXEC)
        #expect(gate >= 0)
        var token: UInt8 = 0
        #expect(read(gate, &token, 1) == 1)
        close(gate)
        #expect(token == UInt8(ascii: "0"))
        #expect(readAll(fds[0]) == "started\n")
        #expect(try process.wait() == .exited(0))
    }

    @Test func joinsAnotherContainersNetworkNamespace() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let first = try Launcher().launch(busyboxSpec(rootfs, ["sleep", "30"]))
        defer {
            try? first.signal(SIGKILL)
            _ = try? first.wait()
        }
        let netPath = "/proc/\(first.pid)/ns/net"
        let expected = try FileManager.default.destinationOfSymbolicLink(atPath: netPath)
        var spec = busyboxSpec(rootfs, ["sh", "-c", "readlink /proc/self/ns/net; echo $$"])
        spec.namespaces = [.init(.mount), .init(.pid), .init(.network, path: netPath), .init(.uts)]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output == "\(expected)\n1\n")

        // Joining without a new pid namespace: the first child itself is the container.
        var direct = busyboxSpec(rootfs, ["readlink", "/proc/self/ns/net"])
        direct.namespaces = [.init(.mount), .init(.network, path: netPath)]
        direct.mounts.removeFirst()
        direct.mounts.append(MountSpec(destination: "/proc", type: "proc", source: "proc"))
        let (directStatus, directOutput) = try launchAndCollect(direct)
        #expect(directStatus == .exited(0), "\(directOutput)")
        #expect(directOutput == "\(expected)\n")
    }

    @Test func joinsAnotherContainersPidNamespace() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let first = try Launcher().launch(busyboxSpec(rootfs, ["sleep", "30"]))
        defer {
            try? first.signal(SIGKILL)
            _ = try? first.wait()
        }
        var spec = busyboxSpec(rootfs, ["sh", "-c", "echo $$; cat /proc/1/cmdline"])
        spec.namespaces = [.init(.mount), .init(.pid, path: "/proc/\(first.pid)/ns/pid")]
        var reported: Int32 = 0
        let (status, output) = try runWithHook(spec) { pid in reported = pid }
        #expect(status == .exited(0), "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.first != "1", "\(output)")
        #expect(lines.last?.hasPrefix("sleep") == true, "\(output)")
        // The hook saw the host pid of the final process, not of the intermediate child.
        #expect(reported > 0 && reported != first.pid)
    }

    @Test func readonlyRootRefusesWrites() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c", "(echo x > /cbench-ro-test) 2>/dev/null || echo refused; echo ok > /dev/null && echo dev-ok"])
        spec.rootfs?.readonly = true
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output == "refused\ndev-ok\n")
        #expect(!FileManager.default.fileExists(atPath: rootfs.path + "/cbench-ro-test"))
    }

    @Test func joinedPathWithNewUserNamespace() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let first = try Launcher().launch(busyboxSpec(rootfs, ["sleep", "30"]))
        defer {
            try? first.signal(SIGKILL)
            _ = try? first.wait()
        }
        // Join the first container's uts namespace (owned by the host user ns) before
        // creating a user namespace: the two-step path with id maps requested by the child.
        var spec = busyboxSpec(rootfs, ["sh", "-c", "cat /proc/self/uid_map; echo $$"])
        spec.namespaces = [.init(.uts, path: "/proc/\(first.pid)/ns/uts"), .init(.user), .init(.mount), .init(.pid)]
        spec.uidMappings = [IDMapping(containerID: 0, hostID: 200000, size: 1000)]
        spec.gidMappings = [IDMapping(containerID: 0, hostID: 200000, size: 1000)]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        let fields = output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        #expect(fields == ["0", "200000", "1000", "1"], "\(output)")
    }

    @Test func hookSeesThePidBeforeTheChildRuns() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var seen: Int32 = 0
        var spec = busyboxSpec(rootfs, ["true"])
        spec.oomScoreAdj = 500
        let process = try Launcher().launch(spec) { pid in
            seen = pid
            // Still waiting for "continue": the child has not exec'd busybox yet.
            let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
            #expect(exe?.hasSuffix("busybox") != true)
            let adj = try? String(contentsOfFile: "/proc/\(pid)/oom_score_adj", encoding: .utf8)
            #expect(adj == "500\n")
        }
        #expect(seen == process.pid)
        #expect(try process.wait() == .exited(0))
    }

    @Test func failingHookKillsAndReapsTheChild() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var child: Int32 = 0
        #expect(throws: CoreError.self) {
            _ = try Launcher().launch(busyboxSpec(rootfs, ["sleep", "30"])) { pid in
                child = pid
                throw CoreError(stage: "test hook")
            }
        }
        #expect(child > 0)
        #expect(kill(child, 0) == -1 && errno == ESRCH)
    }

    @Test func maskedAndReadonlyPaths() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c",
            "cat /proc/meminfo | wc -c; ls /proc/sys/fs | wc -l; (echo 1 > /proc/sys/kernel/domainname) 2>/dev/null || echo ro"])
        spec.maskedPaths = ["/proc/meminfo", "/proc/sys/fs", "/proc/does-not-exist"]
        spec.readonlyPaths = ["/proc/sys", "/proc/nothing-here"]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == ["0", "0", "ro"], "\(output)")
    }

    /// Masked directories are hidden by read-only binds of empty directories made in the
    /// container's own /dev tmpfs and removed once bound (CShim's mask_dir.c), so the masks add
    /// no superblock of their own and /dev shows nothing of them.
    @Test func maskedDirectoriesAreReadOnlyBindsOfRemovedDirectoriesOfTheContainersDev() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c", """
            for d in /proc/sys/fs /proc/sys/vm /proc/sys/kernel /dev; do awk -v d=$d '$5 == d { for (i = 7; $i != "-"; i++) {}; print $3, $6, $(i + 1) }' /proc/self/mountinfo; \
            done; for d in /proc/sys/fs /proc/sys/vm /proc/sys/kernel; do ls -A $d | wc -l; done; (mkdir /proc/sys/vm/x) 2>/dev/null || echo refused; \
            ls -A /dev | grep -c cbench-mask
            """])
        spec.maskedPaths = ["/proc/sys/fs", "/proc/meminfo", "/proc/sys/vm", "/proc/sys/kernel"]
        let (status, output) = try launchAndCollect(spec)
        // grep -c exits 1 when it counts 0.
        #expect(status == .exited(1), "\(output)")
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(lines.count == 9, "\(output)")
        let mounts = lines[0..<3].map { $0.split(separator: " ").map(String.init) }
        let dev = lines[3].split(separator: " ").map(String.init)
        for mount in mounts {
            try #require(mount.count == 3, "\(output)")
            #expect(mount[1].split(separator: ",").first == "ro" && mount[2] == "tmpfs", "\(output)")
        }
        try #require(dev.count == 3, "\(output)")
        #expect(Set(mounts.map { $0[0] }) == [dev[0]], "the masks are /dev's superblock: \(output)")
        #expect(Array(lines[4...8]) == ["0", "0", "0", "refused", "0"], "\(output)")
    }

    /// Without a /dev tmpfs of the container's own there is nowhere to make the empty directory:
    /// the masked directories share one empty read-only tmpfs instead.
    @Test func maskedDirectoriesWithoutAnOwnDevShareOneReadOnlyEmptyTmpfs() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c", """
            for d in /proc/sys/fs /proc/sys/vm; do awk -v d=$d '$5 == d { for (i = 7; $i != "-"; i++) {}; print $3, $6, $(i + 1) }' /proc/self/mountinfo; \
            ls -A $d | wc -l; done
            """])
        spec.mounts = spec.mounts.filter { $0.destination != "/dev" }
        spec.maskedPaths = ["/proc/sys/fs", "/proc/sys/vm"]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(lines.count == 4, "\(output)")
        let mounts = [lines[0], lines[2]].map { $0.split(separator: " ").map(String.init) }
        for mount in mounts {
            try #require(mount.count == 3, "\(output)")
            #expect(mount[1].split(separator: ",").first == "ro" && mount[2] == "tmpfs", "\(output)")
        }
        #expect(Set(mounts.map { $0[0] }).count == 1, "one superblock for the two: \(output)")
        #expect([lines[1], lines[3]] == ["0", "0"], "\(output)")
    }

    @Test func bindMountReadOnlyAndMountTargetCreated() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let dir = try LauncherTestRootfs.tempDir("bind")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "hello\n".write(toFile: dir + "/file", atomically: false, encoding: .utf8)
        var spec = busyboxSpec(rootfs, ["sh", "-c", "cat /mnt/data/file /etc/single; (echo x > /mnt/data/new) 2>/dev/null || echo refused"])
        spec.mounts.append(MountSpec(destination: "/mnt/data", type: "bind", source: dir, options: ["rbind", "ro"]))
        spec.mounts.append(MountSpec(destination: "/etc/single", type: "none", source: dir + "/file", options: ["bind", "ro"]))
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output == "hello\nhello\nrefused\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/new"))
    }

    /// Mount points missing several levels down are made (each level), one missing below a
    /// mount (the last level only); `rro`/`rnosuid` on a closing remount reach the bind below it;
    /// an `rprivate` bind in the private namespace stays private without a propagation call.
    @Test func deepMountPointsAndRecursiveAttributes() throws {
        let rootfs = try LauncherTestRootfs(owned: true)
        defer { rootfs.remove() }
        let dir = try LauncherTestRootfs.tempDir("rro")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var spec = busyboxSpec(rootfs, ["sh", "-c", """
            for d in /deep/a/b /deep/a/b/data; do awk -v d=$d '$5 == d { print $6, $7 }' /proc/self/mountinfo; done;             (echo x > /deep/a/b/data/new) 2>/dev/null || echo refused; (mkdir /deep/a/b/y) 2>/dev/null || echo refused
            """])
        spec.mounts.append(MountSpec(destination: "/deep/a/b", type: "tmpfs", source: "tmpfs", options: ["mode=755"]))
        spec.mounts.append(MountSpec(destination: "/deep/a/b/data", type: "bind", source: dir, options: ["rbind", "rprivate"]))
        spec.mounts.append(MountSpec(destination: "/deep/a/b", type: "tmpfs", source: "tmpfs", options: ["remount", "mode=755", "rro", "rnosuid"]))
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(output)")
        for line in lines.prefix(2) {
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 2, "\(output)")
            let options = fields[0].split(separator: ",")
            #expect(options.first == "ro" && options.contains("nosuid"), "\(output)")
            #expect(fields[1] == "-", "private: no propagation tag: \(output)")
        }
        #expect(Array(lines.suffix(2)) == ["refused", "refused"], "\(output)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir)) == [])
        #expect(FileManager.default.fileExists(atPath: rootfs.path + "/deep/a/b"))
    }

    @Test func mountTargetSymlinkCannotLeaveTheRoot() throws {
        // A root of its own: the symlink is not planted in the shared cached root.
        let rootfs = try LauncherTestRootfs(owned: true)
        defer { rootfs.remove() }
        #expect(rootfs.owned)
        let outside = try LauncherTestRootfs.tempDir("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: rootfs.path + "/escape", withDestinationPath: outside)
        // The link's target as seen inside the root exists there too (the launcher creates only
        // the last component of a mount point, not directories a symlink points into).
        try FileManager.default.createDirectory(atPath: rootfs.path + outside, withIntermediateDirectories: true)
        var spec = busyboxSpec(rootfs, ["true"])
        spec.mounts.append(MountSpec(destination: "/escape/sub", type: "tmpfs", source: "tmpfs"))
        let (status, _) = try launchAndCollect(spec)
        #expect(status == .exited(0))
        // The symlink resolved inside the root: the host directory got nothing.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: outside)) == [])
        #expect(FileManager.default.fileExists(atPath: rootfs.path + outside + "/sub"))
    }

}
