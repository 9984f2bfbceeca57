import Foundation
import Testing
@testable import NamespaceCore

/// Less common launch features: loopback, seccomp, overlay root, sysctl, devices, umask,
/// cgroup and time namespaces.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0))
struct LauncherFeatureTests {
    private func sysSpec(_ rootfs: LauncherTestRootfs, _ args: [String]) -> LaunchSpec {
        var spec = busyboxSpec(rootfs, args)
        spec.mounts.append(MountSpec(destination: "/sys", type: "sysfs", source: "sysfs", options: ["ro", "nosuid", "nodev", "noexec"]))
        return spec
    }

    @Test func loopbackComesUpOnlyWhenAsked() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let (upStatus, up) = try launchAndCollect(sysSpec(rootfs, ["cat", "/sys/class/net/lo/flags"]))
        #expect(upStatus == .exited(0), "\(up)")
        #expect(up == "0x9\n")  // IFF_UP | IFF_LOOPBACK
        var spec = sysSpec(rootfs, ["cat", "/sys/class/net/lo/flags"])
        spec.loopbackUp = false
        let (_, down) = try launchAndCollect(spec)
        #expect(down == "0x8\n")
    }

    @Test func seccompProgramIsLoaded() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["grep", "^Seccomp:", "/proc/self/status"])
        // One instruction: BPF_RET|BPF_K SECCOMP_RET_ALLOW.
        spec.seccomp = SeccompProgram(bytes: [0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f])
        spec.noNewPrivileges = true
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output == "Seccomp:\t2\n")
    }

    @Test func overlayRootWritesGoToUpper() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let dir = try LauncherTestRootfs.tempDir("overlay")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for sub in ["upper", "work"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        let before = hostMountinfo()
        var spec = busyboxSpec(rootfs, ["sh", "-c", "echo layered > /written; cat /written"])
        spec.rootfs = RootfsSpec(.overlay(lower: [rootfs.path], upper: dir + "/upper", work: dir + "/work"))
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output == "layered\n")
        #expect(FileManager.default.fileExists(atPath: dir + "/upper/written"))
        #expect(!FileManager.default.fileExists(atPath: rootfs.path + "/written"))
        #expect(hostMountinfo() == before)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: "/run/cbench/launcher")) ?? []
        #expect(left.isEmpty, "overlay mount points left: \(left)")
    }

    @Test func sysctlDomainnameUmaskAndDevice() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c",
            "cat /proc/sys/net/ipv4/ip_forward; cat /proc/sys/kernel/domainname; umask; echo x > /dev/cbench-null && ls -l /dev/cbench-null"])
        spec.sysctl = ["net.ipv4.ip_forward": "1"]
        spec.domainname = "cbench.test"
        spec.user.umask = 0o027
        spec.devices = [DeviceNode(path: "/dev/cbench-null", kind: .char, major: 1, minor: 3, mode: 0o620, uid: 0, gid: 5)]
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.prefix(3) == ["1", "cbench.test", "0027"], "\(output)")
        #expect(lines.last?.hasPrefix("crw--w----") == true, "\(output)")
        #expect(lines.last?.contains("1,   3") == true, "\(output)")
    }

    /// On every layout: the pids v1 hierarchy where one is mounted (its line `N:pids:/`), else
    /// the cgroup2 hierarchy (`0::/`).
    @Test func cgroupNamespaceRootIsTheHookedCgroup() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        let layout = try CgroupHost.current().layout
        let hierarchy = try #require(layout.v1Hierarchy(for: "pids") ?? layout.unified, "no pids or cgroup2 hierarchy is mounted")
        let line = hierarchy.version == .v1 ? ":pids:" : "0::"
        let parent = "\(hierarchy.mountPoint)/\(CgroupPaths.projectParent)"
        let cgroup = "\(parent)/launcher-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: cgroup, withIntermediateDirectories: true)
        // The project parent too, when this made it (else it stays for whoever else is in it).
        defer {
            rmdir(cgroup)
            rmdir(parent)
        }
        var spec = busyboxSpec(rootfs, ["grep", "^[0-9]*\(line)", "/proc/self/cgroup"])
        spec.namespaces.append(.init(.cgroup))
        let (status, output) = try runWithHook(spec) { pid in
            try LauncherFiles.write(cgroup + "/cgroup.procs", "\(pid)", stage: "join test cgroup")
        }
        #expect(status == .exited(0), "\(output)")
        #expect(output.hasSuffix("\(line)/\n"), "\(output)")
    }

    @Test func timeNamespaceIsCreated() throws {
        let rootfs = try LauncherTestRootfs()
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["readlink", "/proc/self/ns/time"])
        spec.namespaces.append(.init(.time))
        let host = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/time")
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output.hasPrefix("time:["))
        #expect(output != host + "\n")
    }
}

/// Like `launchAndCollect`, with a hook before the child continues.
func runWithHook(_ spec: LaunchSpec, hook: (Int32) throws -> Void) throws -> (NamespaceCore.ExitStatus, String) {
    var spec = spec
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw CoreError.fromErrno("pipe") }
    spec.stdio = .fds(stdin: fds[1], stdout: fds[1], stderr: fds[1])
    let process: ContainerProcess
    do {
        process = try Launcher().launch(spec, beforeContinue: hook)
    } catch {
        close(fds[0]); close(fds[1])
        throw error
    }
    close(fds[1])
    let output = readAll(fds[0])
    close(fds[0])
    return (try process.wait(), output)
}
