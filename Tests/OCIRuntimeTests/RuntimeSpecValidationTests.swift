import Testing
import NamespaceCore
@testable import OCIRuntime

@Suite struct RuntimeSpecValidationTests {
    private func problems(_ change: (inout RuntimeSpec) -> Void) -> [String] {
        var spec = RuntimeSpec.defaultSpec()
        change(&spec)
        return spec.problems(bundle: nil).map(\.description)
    }

    @Test func defaultSpecIsValid() {
        #expect(problems { _ in }.isEmpty)
    }

    @Test func missingOCIVersion() throws {
        let spec = try RuntimeSpec.decode(Array(#"{"root": {"path": "rootfs"}, "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"}}"#.utf8))
        #expect(spec.problems(bundle: nil).map(\.description) == ["ociVersion is missing; set it to \"1.0.2\""])
    }

    @Test func versionTwoIsRefused() {
        #expect(problems { $0.ociVersion = "2.0.0" } == ["ociVersion '2.0.0' is not a version this runtime understands (1.0.x or 1.1.x); this runtime implements runtime-spec 1.0.2"])
    }

    @Test func onlyVersionsOneZeroAndOneOneAreUnderstood() {
        for accepted in ["1.0.0", "1.0.2", "1.0.2-dev", "1.1.0", "1.1.0-rc.2"] {
            #expect(problems { $0.ociVersion = accepted }.isEmpty, "\(accepted)")
        }
        for refused in ["1.2.0", "1.3.0", "0.6.0", "abc", "1.0", "1..0", "2.0.0"] {
            #expect(problems { $0.ociVersion = refused }.count == 1, "\(refused)")
        }
    }

    @Test func missingRootPath() throws {
        let spec = try RuntimeSpec.decode(Array(#"{"ociVersion": "1.0.2", "root": {"readonly": true}, "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"}}"#.utf8))
        #expect(spec.problems(bundle: nil).map(\.description) == ["root.path is missing; set it to the root filesystem directory, relative to the bundle or absolute"])
    }

    @Test func rootThatIsNotADirectoryNamesTheBundle() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let found = RuntimeSpec.defaultSpec().problems(bundle: dir.path).map(\.description)
        #expect(found == ["root.path 'rootfs' is not a directory (looked for \(dir.path)/rootfs in bundle \(dir.path)); create it or fix the path"])
        try dir.makeDirectory("rootfs")
        #expect(RuntimeSpec.defaultSpec().problems(bundle: dir.path).isEmpty)
    }

    @Test func emptyArgs() {
        #expect(problems { $0.process?.args = [] } == ["process.args is empty; name the program to run, e.g. [\"sh\"]"])
    }

    @Test func relativeCwd() {
        #expect(problems { $0.process?.cwd = "work" } == ["process.cwd 'work' is not absolute; use a path starting with /"])
    }

    @Test func aTerminalIsValid() {
        #expect(problems { $0.process?.terminal = true } == [])
    }

    @Test func duplicatedNamespace() {
        #expect(problems { $0.linux?.namespaces?.append(RuntimeSpec.Namespace(type: "pid")) }
            == ["linux.namespaces[5].type 'pid' is listed twice (also at linux.namespaces[0]); keep one"])
    }

    @Test func unknownNamespaceType() {
        #expect(problems { $0.linux?.namespaces?[2] = RuntimeSpec.Namespace(type: "foo") }
            == ["linux.namespaces[2].type 'foo' is not one of mount, pid, network, uts, ipc, user, cgroup, time"])
    }

    @Test func mappingsWithoutUserNamespace() {
        let found = problems {
            $0.linux?.uidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 1)]
            $0.linux?.gidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 1)]
        }
        #expect(found == [
            "linux.uidMappings is set without a user namespace; add {\"type\": \"user\"} to linux.namespaces or drop the mappings",
            "linux.gidMappings is set without a user namespace; add {\"type\": \"user\"} to linux.namespaces or drop the mappings",
        ])
        let withUser = problems {
            $0.linux?.namespaces?.append(RuntimeSpec.Namespace(type: "user"))
            $0.linux?.uidMappings = [IDMapping(containerID: 0, hostID: 100000, size: 1)]
        }
        #expect(withUser.isEmpty)
    }

    @Test func unknownCapability() {
        #expect(problems { $0.process?.capabilities?.effective?.append("CAP_FLY") }
            == ["process.capabilities.effective[3] 'CAP_FLY' is not a known capability; use names like CAP_CHOWN or CAP_NET_BIND_SERVICE (capabilities(7))"])
    }

    @Test func unknownRlimit() {
        let found = problems { $0.process?.rlimits?.append(RuntimeSpec.Rlimit(type: "RLIMIT_FILES", hard: 1, soft: 1)) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("process.rlimits[1].type 'RLIMIT_FILES' is not one of RLIMIT_CPU, RLIMIT_FSIZE") == true)
    }

    @Test func rlimitSoftAboveHard() {
        #expect(problems { $0.process?.rlimits = [RuntimeSpec.Rlimit(type: "RLIMIT_NOFILE", hard: 10, soft: 20)] }
            == ["process.rlimits[0] soft 20 is above hard 10; lower soft or raise hard"])
    }

    @Test func unknownSeccompNames() {
        let found = problems {
            $0.linux?.seccomp = RuntimeSpec.Seccomp(defaultAction: "SCMP_ACT_BOOM", flags: ["SECCOMP_FILTER_FLAG_X"], syscalls: [
                RuntimeSpec.Syscall(names: ["mkdir"], action: "SCMP_ACT_NOTIFY",
                                    args: [RuntimeSpec.SyscallArgument(index: 7, value: 1, op: "SCMP_CMP_LIKE")]),
            ])
        }
        #expect(found.count == 5)
        #expect(found[0].hasPrefix("linux.seccomp.defaultAction 'SCMP_ACT_BOOM' is not one of SCMP_ACT_KILL"))
        #expect(found[1] == "linux.seccomp.flags[0] 'SECCOMP_FILTER_FLAG_X' is not one of SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW")
        #expect(found[2] == "linux.seccomp.syscalls[0].action SCMP_ACT_NOTIFY is not supported (no seccomp listener); use SCMP_ACT_ERRNO or SCMP_ACT_LOG")
        #expect(found[3].hasPrefix("linux.seccomp.syscalls[0].args[0].op 'SCMP_CMP_LIKE' is not one of SCMP_CMP_NE"))
        #expect(found[4] == "linux.seccomp.syscalls[0].args[0].index 7 is out of range; syscalls have arguments 0 to 5")
    }

    @Test func badPropagationAndDevices() {
        let found = problems {
            $0.linux?.rootfsPropagation = "sideways"
            $0.linux?.devices = [RuntimeSpec.Device(type: "x", path: "dev/null", major: 1, minor: 3)]
            $0.linux?.resources?.devices?.append(RuntimeSpec.DeviceRule(allow: true, type: "z", access: "rwx"))
        }
        #expect(found == [
            "linux.rootfsPropagation 'sideways' is not one of private, rprivate, slave, rslave, shared, rshared, unbindable, runbindable",
            "linux.devices[0].type 'x' is not one of c, b, u, p",
            "linux.devices[0].path 'dev/null' is not absolute; use e.g. /dev/fuse",
            "linux.resources.devices[1].type 'z' is not one of a, c, b",
            "linux.resources.devices[1].access 'rwx' is not made of r, w and m",
        ])
    }

    @Test func allProblemsAreReportedAtOnce() {
        var spec = RuntimeSpec.defaultSpec()
        spec.ociVersion = "0.9"
        spec.process?.args = []
        spec.process?.cwd = "."
        let message = coreErrorText { try spec.validate(bundle: nil, source: "/b/config.json") }
        #expect(message == """
            validate /b/config.json: 3 problems:
              ociVersion '0.9' is not a version this runtime understands (1.0.x or 1.1.x); this runtime implements runtime-spec 1.0.2
              process.args is empty; name the program to run, e.g. ["sh"]
              process.cwd '.' is not absolute; use a path starting with /
            """)
    }

    @Test func singleProblemIsOneLine() {
        var spec = RuntimeSpec.defaultSpec()
        spec.process?.cwd = "work"
        let message = coreErrorText { try spec.validate(bundle: nil) }
        #expect(message == "validate config.json: process.cwd 'work' is not absolute; use a path starting with /")
    }
}
