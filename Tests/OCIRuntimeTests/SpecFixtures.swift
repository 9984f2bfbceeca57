/// config.json texts used by several tests.
enum SpecFixtures {
    /// Every field the OCI model of this project reads, with values that differ from the defaults.
    static let everyField = #"""
    {
      "ociVersion": "1.0.2",
      "process": {
        "terminal": false,
        "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [5, 6]},
        "args": ["/bin/app", "--serve"],
        "env": ["PATH=/bin", "MODE=test"],
        "cwd": "/work",
        "capabilities": {
          "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"],
          "effective": ["CAP_KILL"],
          "inheritable": ["CAP_CHOWN"],
          "permitted": ["CAP_KILL", "CAP_NET_RAW"],
          "ambient": ["CAP_NET_RAW"]
        },
        "rlimits": [
          {"type": "RLIMIT_NOFILE", "hard": 4096, "soft": 1024},
          {"type": "RLIMIT_NPROC", "hard": 512, "soft": 512}
        ],
        "noNewPrivileges": true,
        "oomScoreAdj": -500
      },
      "root": {"path": "rootfs", "readonly": false},
      "hostname": "box",
      "domainname": "example.test",
      "mounts": [
        {"destination": "/proc", "type": "proc", "source": "proc"},
        {"destination": "/data", "source": "data", "options": ["rbind", "ro"]},
        {"destination": "/etc/hosts", "type": "bind", "source": "/etc/hosts", "options": ["ro"]},
        {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]}
      ],
      "hooks": {"prestart": [{"path": "/usr/bin/true", "args": ["true"], "timeout": 5}]},
      "annotations": {"org.example.key": "value"},
      "linux": {
        "namespaces": [
          {"type": "user"}, {"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "ipc"},
          {"type": "network", "path": "/run/netns/cbench-x"}
        ],
        "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
        "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 1000}],
        "devices": [{"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}],
        "cgroupsPath": "/cbench/oci-every",
        "resources": {
          "devices": [
            {"allow": false, "access": "rwm"},
            {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}
          ],
          "memory": {"limit": 268435456, "reservation": 134217728, "swap": -1},
          "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1", "mems": "0"},
          "pids": {"limit": 64},
          "blockIO": {"weight": 10}
        },
        "rootfsPropagation": "rslave",
        "seccomp": {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
          "flags": ["SECCOMP_FILTER_FLAG_LOG"],
          "syscalls": [
            {"names": ["read", "write", "exit_group", "cbench_unknown_call"], "action": "SCMP_ACT_ALLOW"},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
            {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}
          ]
        },
        "sysctl": {"net.ipv4.ip_forward": "1"},
        "maskedPaths": ["/proc/kcore"],
        "readonlyPaths": ["/proc/sys"]
      }
    }
    """#
}
