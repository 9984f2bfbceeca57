import Foundation
import NamespaceCore
import Scenarios
import Testing

/// What the probe sees inside a default `cbench-oci` container (runc's default config).
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available && ProbeLocator.find() != nil, "needs root, cbench-oci, the busybox rootfs and the probe"))
struct OCIProbeEvidenceTests {
    func probe(_ h: OCITestHarness, _ id: String, flags: [String] = [], edit: (inout [String: Any]) -> Void = { _ in }) throws -> ProbeReport {
        let bundle = try h.bundle(id, args: ["/cbench-probe"] + flags, edit: edit)
        let outcome = try h.oci(["run", "--bundle", bundle, h.id(id)])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try JSONDecoder().decode(ProbeReport.self, from: Data(outcome.stdout.utf8))
    }

    func hostReport() throws -> ProbeReport {
        let probe = try Spawn([try #require(ProbeLocator.find()), "--only", "namespaces"]).run()
        return try JSONDecoder().decode(ProbeReport.self, from: Data(probe.stdout.utf8))
    }

    @Test func isolationOfADefaultContainer() throws {
        let h = try OCITestHarness("probe")
        defer { h.tearDown() }
        let inside = try probe(h, "iso", flags: ["--marker", h.workDir])
        let host = try hostReport()
        for kind in [NamespaceKind.mount, .pid, .network, .uts, .ipc] {
            #expect(inside.namespaces?[kind] != nil)
            #expect(inside.namespaces?[kind] != host.namespaces?[kind], "namespace \(kind) is shared with the host")
        }
        #expect(inside.namespaces?[.user] == host.namespaces?[.user])
        // process isolation: the probe is pid 1 and sees only itself
        #expect(inside.pid == 1)
        #expect(inside.visiblePids == [1])
        // uts, network
        #expect(inside.hostname == "cbench")
        #expect(inside.interfaceNames == ["lo"])
        #expect(inside.interface(named: "lo")?.up == true)
        // filesystem: a host path is invisible, /proc is procfs, /sys read-only, the root read-only
        #expect(inside.marker(h.workDir)?.exists == false)
        #expect(inside.mount(at: "/proc")?.fstype == "proc")
        #expect(inside.mount(at: "/sys")?.isReadOnly == true)
        #expect(inside.mount(at: "/")?.isReadOnly == true)
        #expect(inside.mount(at: "/dev/pts")?.fstype == "devpts")
        #expect(inside.mount(at: "/sys/fs/cgroup/memory") != nil)
        // runc's default capabilities: AUDIT_WRITE(29), KILL(5), NET_BIND_SERVICE(10) and nothing else
        #expect(inside.capBounding == (1 << 29) | (1 << 5) | (1 << 10))
        #expect(inside.capEffective == inside.capBounding)
        #expect(inside.noNewPrivs == true)
        // only stdio is open
        #expect(inside.fds?.map(\.fd).filter { $0 > 2 }.allSatisfy { fd in
            inside.fds?.first { $0.fd == fd }?.target?.contains("/proc/") == true
        } == true)
        // forbidden attempts fail
        for kind in [ProbeAttemptKind.mountTmpfs, .sethostname, .rawSocket, .kexecLoad, .reboot, .writeSysrqTrigger, .writeCorePattern] {
            #expect(inside.attempt(kind)?.ok == false, "\(kind.rawValue) was allowed")
        }
        #expect(h.leftovers(ids: [h.id("iso")]).isEmpty)
    }

    @Test func userNamespaceMapsRootToAnUnprivilegedHostUid() throws {
        let h = try OCITestHarness("userns")
        defer { h.tearDown() }
        let inside = try probe(h, "userns") { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            var namespaces = linux["namespaces"] as? [[String: Any]] ?? []
            namespaces.append(["type": "user"])
            linux["namespaces"] = namespaces
            linux["uidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
            linux["gidMappings"] = [["containerID": 0, "hostID": 100000, "size": 65536]]
            config["linux"] = linux
        }
        #expect(inside.uid == 0)
        #expect(inside.uidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(inside.gidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(h.leftovers(ids: [h.id("userns")]).isEmpty)
    }

    @Test func seccompRlimitsAndCgroupLimitsAreSeenInside() throws {
        let h = try OCITestHarness("limits")
        defer { h.tearDown() }
        let inside = try probe(h, "limits") { config in
            var process = config["process"] as? [String: Any] ?? [:]
            process["rlimits"] = [["type": "RLIMIT_NOFILE", "soft": 512, "hard": 1024]]
            config["process"] = process
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["resources"] = ["memory": ["limit": 64 << 20], "pids": ["limit": 32],
                                  "devices": [["allow": false, "access": "rwm"]]]
            linux["seccomp"] = ["defaultAction": "SCMP_ACT_ALLOW",
                                "syscalls": [["names": ["sethostname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38]]]
            config["linux"] = linux
        }
        #expect(inside.seccomp == 2)
        #expect(inside.attempt(.sethostname)?.errno == "ENOSYS")
        #expect(inside.limits?.nofile?.soft == 512)
        #expect(inside.limits?.nofile?.hard == 1024)
        #expect(inside.memoryLimitBytes == 64 << 20)
        #expect(inside.pidsLimit == 32)
    }
}

/// Limits are enforced, not only written.
@Suite(.hostLeakCheck, .serialized, .enabled(if: OCITestHarness.available, "needs root, a built cbench-oci and the busybox rootfs"))
struct OCILimitsEnforcedTests {
    @Test func aMemoryHogIsOOMKilled() throws {
        let h = try OCITestHarness("oom")
        defer { h.tearDown() }
        // 200 MB into a shell variable under a 32 MB limit.
        let bundle = try h.bundle("b", args: ["sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' x); echo survived"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["resources"] = ["memory": ["limit": 32 << 20, "swap": 32 << 20]]
            config["linux"] = linux
        }
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("oom")])
        #expect(!outcome.stdout.contains("survived"))
        #expect(outcome.status == 137 || outcome.status == 1, "status \(outcome.status): \(outcome.stderr)")
        #expect(h.leftovers(ids: [h.id("oom")]).isEmpty)
    }

    @Test func aForkBombStopsAtThePidsLimit() throws {
        let h = try OCITestHarness("pids")
        defer { h.tearDown() }
        // The loop runs in a subshell, which dies at its first failed fork (ash's rule);
        // after it only builtins run, since at the limit no fork is left for ls or grep.
        let script = "(i=0; while [ $i -lt 60 ]; do sleep 5 & i=$((i+1)); done) 2>/dev/null; set -- /proc/[0-9]*; echo $#; kill -9 -1"
        let bundle = try h.bundle("b", args: ["sh", "-c", script]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["resources"] = ["pids": ["limit": 16]]
            config["linux"] = linux
        }
        let outcome = try h.oci(["run", "--bundle", bundle, h.id("pids")])
        let visible = Int(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").first ?? "") ?? -1
        #expect(visible > 8 && visible <= 16, "saw \(visible) processes: \(outcome.stdout) \(outcome.stderr)")
        #expect(h.leftovers(ids: [h.id("pids")]).isEmpty)
    }
}
