import NamespaceCore
import Testing
@testable import Scenarios

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ProbeReportTests {
    @Test func decodesRealProbeOutput() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.probeVersion == 1)
        #expect(report.pid == 1)
        #expect(report.ppid == 0)
        #expect(report.pid1Comm == "cbench-probe")
        #expect(report.pid1Cmdline?.first == "/work/main/.build/cbench-probe")
        #expect(report.visiblePids == [1])
        #expect(report.processCount == 1)
        #expect(report.namespaces?.net == 4_026_532_181)
        #expect(report.namespaces?[.user] == 4_026_531_837)
        #expect(report.hostname == "vm")
        #expect(report.uid == 0)
        #expect(report.groups == [])
        #expect(report.osRelease?.id == "debian")
        #expect(report.osRelease?.versionID == "12")
        #expect(report.cwd == "/work/main")
        #expect(report.fds?.first == ProbeReport.FileDescriptor(fd: 0, target: "/dev/null"))
        #expect(report.cgroup?.last == ProbeReport.CgroupMembership(hierarchy: 0, controllers: [], path: "/"))
        #expect(report.limits?.nofile == ProbeReport.Rlimit(soft: 20000, hard: 20000))
        #expect(report.seccomp == 0)
        #expect(report.noNewPrivs == false)
        #expect(report.capsSource == "status")
    }

    @Test func capabilityAccessors() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.capEffective == 0x0000_01FF_FEFF_FFFF)
        #expect(report.capBounding == report.capEffective)
        #expect(report.capAmbient == 0)
        #expect(report.hasCapability(21)) // CAP_SYS_ADMIN
        #expect(!report.hasCapability(24)) // CAP_SYS_RESOURCE: missing on these hosts
        #expect(!report.hasCapability(41)) // beyond the last capability
        #expect(!report.hasCapability(64))
        #expect(ProbeReport.capabilityMask("zz") == 0)
        #expect(ProbeReport.capabilityMask(nil) == 0)
    }

    @Test func mountAndInterfaceAccessors() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.mountPoints == ["/", "/sys/fs/cgroup/memory", "/dev", "/proc"])
        let proc = try #require(report.mount(at: "/proc"))
        #expect(proc.fstype == "proc")
        #expect(proc.optionList == ["rw", "nosuid", "nodev", "noexec", "relatime"])
        #expect(!proc.isReadOnly)
        #expect(report.mount(at: "/nowhere") == nil)
        #expect(report.interfaceNames == ["lo"])
        let loopback = try #require(report.interface(named: "lo"))
        #expect(!loopback.up)
        #expect(loopback.flags == ["LOOPBACK"])
        #expect(loopback.ipv4.isEmpty)
    }

    @Test func idMapAccessors() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.uidMappings == [IDMapping(containerID: 0, hostID: 0, size: 4_294_967_295)])
        #expect(report.gidMappings.count == 1)
    }

    @Test func attemptsAreAllPresentAndJudged() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        for kind in ProbeAttemptKind.allCases {
            #expect(report.attempt(kind) != nil, "missing attempt \(kind.rawValue)")
        }
        #expect(report.attempt(named: "mount_tmpfs")?.ok == true)
        #expect(report.attempt(.writeSysrqTrigger) == ProbeReport.Attempt(ok: false, errno: "ENOENT"))
        let reboot = try #require(report.attempt(.reboot))
        #expect(reboot.ok && reboot.errno == "EINVAL")
        #expect(report.attempt(.kexecLoad)?.errno == "ENOSYS")
        #expect(report.attempt(named: "no_such_attempt") == nil)
    }

    @Test func flagChecks() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.marker("/etc/passwd")?.exists == true)
        #expect(report.marker("/cbench-missing") == ProbeReport.Marker(path: "/cbench-missing", exists: false, errno: "ENOENT"))
        #expect(report.writes?.first?.ok == true)
        #expect(report.connects?.first == ProbeReport.ConnectCheck(target: "127.0.0.1:9", ok: false, errno: "ENETUNREACH"))
        #expect(report.execPe?.first?.errno == "ENOEXEC")
    }

    @Test func limitAccessors() throws {
        var report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        #expect(report.memoryLimitBytes == 9_223_372_036_854_771_712)
        #expect(report.pidsLimit == nil)
        report.limits?.memoryMax = "max"
        report.limits?.pidsMax = "64"
        #expect(report.memoryLimitBytes == nil)
        #expect(report.pidsLimit == 64)
    }

    /// What the probe prints without /proc: nulls everywhere it could not look.
    @Test func nullsDecodeAsNil() throws {
        let report = try ProbeReport.decode(ProbeFixture.withoutProc)
        #expect(report.namespaces == ProbeReport.Namespaces())
        #expect(report.pid1Cmdline == nil)
        #expect(report.visiblePids == nil)
        #expect(report.processCount == nil)
        #expect(report.mounts == nil)
        #expect(report.mountPoints.isEmpty)
        #expect(report.fds == nil)
        #expect(report.cgroup == nil)
        #expect(report.uidMap == nil)
        #expect(report.uidMappings.isEmpty)
        #expect(report.seccompFilters == nil)
        #expect(report.capsSource == "syscalls")
        #expect(report.limits?.memoryMax == nil)
        #expect(report.limits?.nofile?.soft == 20000)
        #expect(report.osRelease == nil)
        #expect(report.capEffective == 0x0000_01FF_FEFF_FFFF)
    }

    @Test func unlimitedRlimitIsNil() throws {
        let report = try ProbeReport.decode(#"{"limits":{"nofile":{"soft":null,"hard":null},"memory_max":"max"}}"#)
        #expect(report.limits?.nofile == ProbeReport.Rlimit(soft: nil, hard: nil))
        #expect(report.limits?.nproc == nil)
        #expect(report.memoryLimitBytes == nil)
    }

    /// `--only` leaves whole sections out; absent keys decode as nil too.
    @Test func absentSectionsDecodeAsNil() throws {
        let report = try ProbeReport.decode(#"{"probe_version":1,"interfaces":[]}"#)
        #expect(report.interfaceNames.isEmpty)
        #expect(report.interfaces == [])
        #expect(report.attempts == nil)
        #expect(report.attempt(.reboot) == nil)
        #expect(report.capEffective == 0)
        #expect(!report.hasCapability(0))
    }

    @Test func malformedOutputIsACoreError() {
        #expect(throws: CoreError.self) { try ProbeReport.decode("{\"pid\": ") }
        do {
            _ = try ProbeReport.decode("not json")
            Issue.record("decoding garbage succeeded")
        } catch {
            #expect(error.stage == "decode probe report")
        }
    }

    @Test func encodingRoundTrips() throws {
        let report = try ProbeReport.decode(ProbeFixture.unsharedNamespaces)
        let again = try ProbeReport.decode(try report.encoded())
        #expect(again == report)
        let text = String(decoding: try report.encoded(), as: UTF8.self)
        #expect(text.contains(#""pid1_cmdline""#))
        #expect(text.contains(#""cap_eff""#))
    }
}

/// Probe output captured on a development host (Debian 12, root), trimmed.
enum ProbeFixture {
    /// `unshare --mount --pid --uts --net --ipc --fork --mount-proc cbench-probe --marker /etc/passwd
    /// --marker /cbench-missing --connect 127.0.0.1:9 --write /tmp/cbench-fixture-write --exec-pe /etc/hostname`,
    /// mounts, fds and cgroup lines trimmed.
    static let unsharedNamespaces = #"""
{
  "probe_version": 1,
  "namespaces": {
    "mnt": 4026532177,
    "pid": 4026532180,
    "net": 4026532181,
    "uts": 4026532178,
    "ipc": 4026532179,
    "user": 4026531837,
    "cgroup": 4026531835,
    "time": 4026531834
  },
  "pid": 1,
  "ppid": 0,
  "pid1_cmdline": [
    "/work/main/.build/cbench-probe",
    "--marker",
    "/etc/passwd",
    "--marker",
    "/cbench-missing",
    "--connect",
    "127.0.0.1:9",
    "--write",
    "/tmp/cbench-fixture-write",
    "--exec-pe",
    "/etc/hostname"
  ],
  "pid1_comm": "cbench-probe",
  "visible_pids": [
    1
  ],
  "process_count": 1,
  "hostname": "vm",
  "domainname": "(none)",
  "uid": 0,
  "gid": 0,
  "euid": 0,
  "egid": 0,
  "groups": [],
  "uid_map": [
    [
      0,
      0,
      4294967295
    ]
  ],
  "gid_map": [
    [
      0,
      0,
      4294967295
    ]
  ],
  "cap_eff": "000001fffeffffff",
  "cap_prm": "000001fffeffffff",
  "cap_bnd": "000001fffeffffff",
  "cap_inh": "0000000000000000",
  "cap_amb": "0000000000000000",
  "seccomp": 0,
  "seccomp_filters": 0,
  "no_new_privs": false,
  "caps_source": "status",
  "mounts": [
    {
      "mount_id": 44,
      "parent_id": 43,
      "mount_point": "/",
      "fstype": "ext4",
      "source": "/dev/vda",
      "options": "rw,relatime",
      "super_options": "rw,discard,resv_strict,resuid=65534,resgid=65534",
      "root": "/",
      "propagation": []
    },
    {
      "mount_id": 52,
      "parent_id": 48,
      "mount_point": "/sys/fs/cgroup/memory",
      "fstype": "cgroup",
      "source": "cgroup",
      "options": "rw,relatime",
      "super_options": "rw,memory",
      "root": "/",
      "propagation": []
    },
    {
      "mount_id": 60,
      "parent_id": 44,
      "mount_point": "/dev",
      "fstype": "devtmpfs",
      "source": "devtmpfs",
      "options": "rw,relatime",
      "super_options": "rw,size=12334432k,nr_inodes=3083608,mode=755",
      "root": "/",
      "propagation": []
    },
    {
      "mount_id": 66,
      "parent_id": 46,
      "mount_point": "/proc",
      "fstype": "proc",
      "source": "proc",
      "options": "rw,nosuid,nodev,noexec,relatime",
      "super_options": "rw",
      "root": "/",
      "propagation": []
    }
  ],
  "interfaces": [
    {
      "name": "lo",
      "index": 1,
      "up": false,
      "flags": [
        "LOOPBACK"
      ],
      "ipv4": [],
      "ipv6": []
    }
  ],
  "os_release": {
    "id": "debian",
    "version_id": "12",
    "pretty_name": "Debian GNU/Linux 12 (bookworm)",
    "path": "/etc/os-release"
  },
  "fds": [
    {
      "fd": 0,
      "target": "/dev/null"
    },
    {
      "fd": 1,
      "target": "/tmp/cbench-probe-build/fixture.json"
    }
  ],
  "cwd": "/work/main",
  "cgroup": [
    {
      "hierarchy": 8,
      "controllers": [
        "pids"
      ],
      "path": "/"
    },
    {
      "hierarchy": 4,
      "controllers": [
        "memory"
      ],
      "path": "/process_api/a683312ee0528cfb1f2b7de3f36d6120"
    },
    {
      "hierarchy": 0,
      "controllers": [],
      "path": "/"
    }
  ],
  "limits": {
    "memory_max": "9223372036854771712",
    "memory_max_path": "/sys/fs/cgroup/memory/process_api/a683312ee0528cfb1f2b7de3f36d6120/memory.limit_in_bytes",
    "pids_max": null,
    "pids_max_path": null,
    "nofile": {
      "soft": 20000,
      "hard": 20000
    },
    "nproc": {
      "soft": 96364,
      "hard": 96364
    }
  },
  "attempts": {
    "mount_tmpfs": {
      "ok": true,
      "errno": null
    },
    "mknod_char": {
      "ok": true,
      "errno": null
    },
    "write_core_pattern": {
      "ok": true,
      "errno": null
    },
    "write_sysrq_trigger": {
      "ok": false,
      "errno": "ENOENT"
    },
    "read_kcore": {
      "ok": false,
      "errno": "ENOENT"
    },
    "sethostname": {
      "ok": true,
      "errno": null
    },
    "raw_socket": {
      "ok": true,
      "errno": null
    },
    "ping_datagram": {
      "ok": true,
      "errno": null,
      "detail": "echo reply from 127.0.0.1"
    },
    "kexec_load": {
      "ok": false,
      "errno": "ENOSYS",
      "detail": "the kernel lacks this system call"
    },
    "reboot": {
      "ok": true,
      "errno": "EINVAL",
      "detail": "wrong magic and unknown command; EINVAL after the permission check means permitted"
    }
  },
  "markers": [
    {
      "path": "/etc/passwd",
      "exists": true,
      "errno": null
    },
    {
      "path": "/cbench-missing",
      "exists": false,
      "errno": "ENOENT"
    }
  ],
  "writes": [
    {
      "path": "/tmp/cbench-fixture-write",
      "ok": true,
      "errno": null
    }
  ],
  "connects": [
    {
      "target": "127.0.0.1:9",
      "ok": false,
      "errno": "ENETUNREACH"
    }
  ],
  "exec_pe": [
    {
      "path": "/etc/hostname",
      "ok": false,
      "errno": "ENOEXEC"
    }
  ]
}
"""#

    /// The probe chrooted into the busybox root with no /proc mounted
    /// (`--only ns,procs,ids,caps,mounts,osrelease,fds,cgroup,limits`), os-release removed.
    static let withoutProc = #"""
{"probe_version":1,"namespaces":{"mnt":null,"pid":null,"net":null,"uts":null,"ipc":null,"user":null,"cgroup":null,"time":null},"pid":3,"ppid":1,"pid1_cmdline":null,"pid1_comm":null,"visible_pids":null,"process_count":null,"hostname":"vm","domainname":"(none)","uid":0,"gid":0,"euid":0,"egid":0,"groups":[],"uid_map":null,"gid_map":null,"cap_eff":"000001fffeffffff","cap_prm":"000001fffeffffff","cap_bnd":"000001fffeffffff","cap_inh":"0000000000000000","cap_amb":"0000000000000000","seccomp":0,"seccomp_filters":null,"no_new_privs":false,"caps_source":"syscalls","mounts":null,"os_release":null,"fds":null,"cwd":"/","cgroup":null,"limits":{"memory_max":null,"memory_max_path":null,"pids_max":null,"pids_max_path":null,"nofile":{"soft":20000,"hard":20000},"nproc":{"soft":96364,"hard":96364}}}
"""#
}
