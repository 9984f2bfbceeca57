import Foundation
import NamespaceCore
import Scenarios
import Testing

/// The real probe in real namespaces. Serialized: the leak checks compare /tmp
/// before and after, which parallel probe runs would blur.
@Suite(.hostLeakCheck, .serialized) struct ProbeIntegrationTests {
    static let isRoot = getuid() == 0

    @Test func hostRunDecodesAndSharesOurNamespaces() throws {
        try withProbe { probe in
            let output = try run(probe, [])
            let report = try ProbeReport.decode(output)
            #expect(report.namespaces?.net == ownNamespace("net"))
            #expect(report.namespaces?.mnt == ownNamespace("mnt"))
            #expect(report.pid1Cmdline != nil)
            #expect(report.interfaceNames.contains("lo"))
            for kind in ProbeAttemptKind.allCases {
                #expect(report.attempt(kind) != nil, "missing attempt \(kind.rawValue)")
            }
        }
    }

    @Test(.enabled(if: isRoot)) func freshNamespacesShowPidOneAndOnlyLoopback() throws {
        try withProbe { probe in
            let before = scratchLeftovers()
            let output = try run("/usr/bin/unshare",
                                 ["--mount", "--pid", "--uts", "--net", "--ipc", "--fork", "--mount-proc", probe])
            let report = try ProbeReport.decode(output)
            #expect(report.pid == 1)
            #expect(report.pid1Comm == "cbench-probe")
            #expect(report.visiblePids == [1])
            #expect(report.processCount == 1)
            #expect(report.interfaceNames == ["lo"])
            #expect(report.namespaces?.net != ownNamespace("net"))
            #expect(report.namespaces?.pid != ownNamespace("pid"))
            #expect(report.namespaces?.user == ownNamespace("user"))
            for kind in ProbeAttemptKind.allCases {
                #expect(report.attempt(kind) != nil, "missing attempt \(kind.rawValue)")
            }
            // Root in its own mount namespace may mount; the probe must have cleaned up.
            #expect(report.attempt(.mountTmpfs)?.ok == true)
            #expect(report.attempt(.sethostname)?.ok == true)
            #expect(scratchLeftovers() == before)
        }
    }

    @Test(.enabled(if: isRoot)) func userNamespaceDeniesDevicesButOwnsItsMounts() throws {
        try withProbe { probe in
            let output = try run("/usr/bin/unshare", ["--user", "--map-root-user", "--mount", "--pid", "--net",
                                                      "--fork", "--mount-proc", probe, "--only", "ids,caps,attempts"])
            let report = try ProbeReport.decode(output)
            #expect(report.uidMappings == [IDMapping(containerID: 0, hostID: 0, size: 1)])
            #expect(report.attempt(.mknodChar)?.ok == false)
            #expect(report.attempt(.mknodChar)?.errno == "EPERM")
            #expect(report.attempt(.mountTmpfs)?.ok == true)
            #expect(report.attempt(.rawSocket)?.ok == true) // it owns its network namespace
            let reboot = try #require(report.attempt(.reboot))
            #expect(reboot.ok && reboot.errno == "EINVAL") // CAP_SYS_BOOT over its own pid namespace
            #expect(report.mounts == nil) // --only left the section out
        }
    }

    /// The static probe bind-mounted into the busybox root, chrooted, with a private /proc.
    @Test(.enabled(if: isRoot && FileManager.default.isExecutableFile(atPath: "/bin/busybox")))
    func staticProbeRunsInBusyboxRoot() throws {
        try withProbe { probe in
            let work = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: work) }
            let root = work + "/rootfs"
            _ = try run(packageRoot() + "/Scripts/make-busybox-rootfs", [root])
            let script = """
            set -e
            mount --bind "$1" "$2/cbench-probe"
            mount -t proc proc "$2/proc"
            exec chroot "$2" /cbench-probe --marker /etc/passwd --marker /work --write /tmp/written
            """
            let output = try run("/usr/bin/unshare", ["--mount", "--pid", "--uts", "--net", "--ipc", "--fork",
                                                      "/bin/sh", "-c", script, "sh", probe, root])
            let report = try ProbeReport.decode(output)
            #expect(report.osRelease?.id == "cbench-busybox")
            #expect(report.pid1Cmdline?.first == "/cbench-probe")
            #expect(report.marker("/etc/passwd")?.exists == true)
            #expect(report.marker("/work")?.exists == false)
            #expect(report.writes?.first?.ok == true)
            #expect(FileManager.default.fileExists(atPath: root + "/tmp/written"))
            #expect(report.mountPoints.contains("/proc"))
            // The mounts lived in the namespace only: nothing is left on the host.
            #expect(!mountTable().contains(root))
        }
    }

    /// Where no probe is mounted, the busybox root's /cbench-probe is no 0-byte file but a
    /// program that says what is missing and exits 127.
    @Test(.enabled(if: isRoot && FileManager.default.isExecutableFile(atPath: "/bin/busybox")))
    func theRootfsPlaceholderSaysTheProbeIsMissing() throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let root = work + "/rootfs"
        _ = try run(packageRoot() + "/Scripts/make-busybox-rootfs", [root])
        let placeholder = root + "/cbench-probe"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: placeholder)[.size] as? Int)
        #expect(size > 0 && FileManager.default.isExecutableFile(atPath: placeholder))
        let outcome = try Spawn(["/usr/sbin/chroot", root, "/cbench-probe"]).run()
        #expect(outcome.status == 127)
        #expect(outcome.stderr.contains("the probe was not bind-mounted into this container"), "\(outcome.stderr)")
    }

    // MARK: helpers

    /// The located probe, or one built for this test with Scripts/build-probe.
    private func withProbe(_ body: (String) throws -> Void) throws {
        if let probe = ProbeLocator.find() {
            try body(probe)
            return
        }
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let probe = work + "/cbench-probe"
        _ = try run(packageRoot() + "/Scripts/build-probe", [probe])
        try body(probe)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let result = try Spawn([executable] + arguments, stderr: .null).run()
        guard result.status == 0 else {
            throw CoreError(stage: "run \(executable)", detail: "exit status \(result.status)")
        }
        return Data(result.stdout.utf8)
    }

    private func ownNamespace(_ kind: String) -> UInt64? {
        var info = stat()
        guard stat("/proc/self/ns/\(kind)", &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }

    /// The probe's scratch directories (`/tmp/cbench-probe-XXXXXX`).
    private func scratchLeftovers() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        return Set(names.filter { $0.hasPrefix("cbench-probe-") && $0.count == "cbench-probe-".count + 6 })
    }

    private func temporaryDirectory() throws -> String {
        var template = Array("/tmp/cbench-probe-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CoreError.fromErrno("mkdtemp") }
        return String(cString: made)
    }

    private func packageRoot() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    private func mountTable() -> String {
        (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
    }
}
