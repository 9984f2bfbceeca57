import AppContainers
import Foundation
import NamespaceCore
import Scenarios
import Testing

/// Docker's security defaults as the probe sees them inside a container started the way users
/// start it, `cbench app run` (the options, the device rules and the cgroup come from the
/// product's own path, not from the test), with the probe bound read-only at /probe.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available && ProbeLocator.find() != nil,
                                             "needs root, a built cbench, the busybox rootfs and the static probe"))
struct AppSecurityIntegrationTests {
    /// `cbench app run --rm [flags] IMAGE /probe/cbench-probe [probeArguments]`, decoded.
    static func probe(_ harness: AppTestHarness, flags: [String] = [], _ probeArguments: [String] = []) throws -> ProbeReport {
        let directory = harness.root + "/probe"
        if !FileManager.default.fileExists(atPath: directory + "/cbench-probe") {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: try #require(ProbeLocator.find()), toPath: directory + "/cbench-probe")
        }
        let output = try harness.ok(["run", "--rm", "-v", "\(directory):/probe:ro"] + flags
                                    + [harness.image, "/probe/cbench-probe"] + probeArguments)
        return try JSONDecoder().decode(ProbeReport.self, from: Data(output.utf8))
    }

    @Test func defaultContainerShowsDockersProfile() throws {
        let h = try AppTestHarness("secdefault")
        defer { h.tearDown() }
        let report = try Self.probe(h)
        #expect(report.capBounding == Capability.mask(AppSecurity.defaultCapabilitySet))
        #expect(report.capEffective == report.capBounding && report.capPermitted == report.capBounding)
        #expect(report.capInheritable == 0 && report.capAmbient == 0)
        #expect(report.seccomp == 2)
        // Masked: a directory gets a read-only tmpfs, a file /dev/null (only those this kernel has).
        for path in AppSecurity.maskedPaths where FileManager.default.fileExists(atPath: path) {
            #expect(report.mount(at: path) != nil, "\(path) is not masked")
        }
        #expect(report.attempt(.readKcore)?.ok == false)
        for path in AppSecurity.readonlyPaths where FileManager.default.fileExists(atPath: path) {
            #expect(report.mount(at: path)?.isReadOnly == true, "\(path) is not read-only")
        }
        #expect(report.mount(at: "/sys")?.isReadOnly == true)
        #expect(report.mount(at: "/dev/pts")?.fstype == "devpts")
        #expect(report.mount(at: "/dev/shm")?.fstype == "tmpfs")
        #expect(report.mount(at: "/dev/mqueue")?.fstype == "mqueue")
        #expect(report.mountPoints.contains { $0.hasPrefix("/sys/fs/cgroup") })
        for kind in [ProbeAttemptKind.mountTmpfs, .sethostname, .kexecLoad, .reboot, .writeSysrqTrigger] {
            #expect(report.attempt(kind)?.ok == false, "\(kind.rawValue) was allowed")
        }
        #expect(report.attempt(.mountTmpfs)?.errno == "EPERM")
        // Docker's 14 without NET_RAW: no raw sockets, ping through an ICMP datagram socket.
        #expect(report.attempt(.rawSocket)?.ok == false && report.attempt(.rawSocket)?.errno == "EPERM")
        #expect(report.attempt(.pingDatagram)?.ok == true, "\(String(describing: report.attempt(.pingDatagram)))")
    }

    /// The two rows the default must block: a fresh proc or sysfs (no CAP_SYS_ADMIN) and raw
    /// sockets (no CAP_NET_RAW); `--cap-add NET_RAW` gives raw sockets back, and `inspect` and
    /// the probe show the set the container holds.
    @Test func defaultBlocksProcSysfsMountsAndRawSocketsAndCapAddGivesThemBack() throws {
        let h = try AppTestHarness("secescape")
        defer { h.tearDown() }
        let report = try Self.probe(h, ["--only", "caps,attempts", "--escape", "mount_proc_sysfs", "--escape", "raw_socket"])
        let mount = try #require(report.escapes?["mount_proc_sysfs"])
        #expect(mount.outcome == .blocked && mount.detail == "mount proc: EPERM; mount sysfs: EPERM", "\(mount)")
        let raw = try #require(report.escapes?["raw_socket"])
        #expect(raw.outcome == .blocked && raw.errno == "EPERM", "\(raw)")
        #expect(report.attempt(.pingDatagram)?.ok == true)

        let netRaw = try #require(Capability.number(named: "NET_RAW"))
        let added = try Self.probe(h, flags: ["--cap-add", "NET_RAW"], ["--only", "caps,attempts", "--escape", "raw_socket"])
        #expect(added.hasCapability(netRaw))
        #expect(added.escapes?["raw_socket"]?.outcome == .reached, "\(String(describing: added.escapes?["raw_socket"]))")
        #expect(added.attempt(.rawSocket)?.ok == true)

        let name = "secescape-\(getpid())"
        _ = try h.ok(["create", "--name", name, h.image, "true"])
        defer { _ = try? h.app(["rm", "-f", name]) }
        let inspected = try JSONDecoder().decode([AppContainerInspection].self, from: Data(try h.ok(["inspect", name]).utf8))
        let host = try #require(inspected.first?.hostConfig)
        #expect(Set(host.capabilities) == Set(AppSecurity.defaultCapabilityNames) && !host.capabilities.contains("CAP_NET_RAW"))
        #expect(host.sysctls == [LaunchSpec.pingGroupRangeKey: "0 2147483647"])
    }

    @Test func namespaceCreationAndMountAreRefusedInside() throws {
        let h = try AppTestHarness("secrefuse")
        defer { h.tearDown() }
        let script = "unshare -m true; echo unshare=$?; mount -t tmpfs none /mnt; echo mount=$?; "
            + "unshare -n true 2>/dev/null; echo unshare-net=$?"
        let outcome = try h.app(["run", "--rm", h.image, "sh", "-c", script])
        let output = outcome.stdout + outcome.stderr
        #expect(outcome.status == 0, "\(output)")
        #expect(output.contains("unshare=1") || output.contains("unshare=255"), "\(output)")
        #expect(output.contains("Operation not permitted"), "\(output)")
        #expect(!output.contains("mount=0"), "\(output)")
        #expect(!output.contains("unshare-net=0"), "\(output)")
    }

    /// The device rules `app run` gives the container's cgroup: mknod is allowed (m), reading
    /// /dev/mem (c 1:1) is not; /dev/null and /dev/zero work; no host disk or kmsg is there.
    @Test func devicesOutsideTheAllowlistCannotBeOpened() throws {
        let h = try AppTestHarness("secdevices")
        defer { h.tearDown() }
        let script = "mknod /tmp/mem c 1 1 && echo mknod=ok; head -c 1 /tmp/mem >/dev/null; echo mem=$?; "
            + "head -c 1 /dev/zero >/dev/null; echo zero=$?; echo x >/dev/null; echo null=$?; ls /dev"
        let outcome = try h.app(["run", "--rm", h.image, "sh", "-c", script])
        let output = outcome.stdout + outcome.stderr
        #expect(outcome.status == 0, "\(output)")
        #expect(output.contains("mknod=ok"), "\(output)")
        #expect(output.contains("mem=1"), "\(output)")
        #expect(output.contains("zero=0") && output.contains("null=0"), "\(output)")
        #expect(!output.contains("sda") && !output.contains("kmsg"), "\(output)")
    }

    @Test func capAddSysAdminAllowsMount() throws {
        let h = try AppTestHarness("secsysadmin")
        defer { h.tearDown() }
        let report = try Self.probe(h, flags: ["--cap-add", "SYS_ADMIN"], ["--only", "capabilities,attempts"])
        #expect(report.hasCapability(try #require(Capability.number(named: "SYS_ADMIN"))))
        #expect(report.attempt(.mountTmpfs)?.ok == true)
        #expect(report.seccomp == 2)
    }

    @Test func unconfinedHasNoFilter() throws {
        let h = try AppTestHarness("secunconfined")
        defer { h.tearDown() }
        #expect(try Self.probe(h, flags: ["--security-opt", "seccomp=unconfined"], ["--only", "capabilities"]).seccomp == 0)
        #expect(try Self.probe(h, ["--only", "capabilities"]).seccomp == 2, "the default run is filtered")
    }
}
