import Foundation
import Testing
import NamespaceCore
@testable import OCIRuntime

@Suite struct RuntimeSpecDecodingTests {
    @Test(.enabled(if: Tools.installed("/usr/sbin/runc") || Tools.installed("/usr/bin/runc")))
    func decodesRuncSpec() throws {
        let spec = try decodeSpec(writtenBy: Tools.installed("/usr/sbin/runc") ? "/usr/sbin/runc" : "/usr/bin/runc")
        try checkRuncLike(spec)
        #expect(spec.hostname == "runc")
    }

    @Test(.enabled(if: Tools.installed("/usr/bin/crun")))
    func decodesCrunSpec() throws {
        let spec = try decodeSpec(writtenBy: "/usr/bin/crun")
        try checkRuncLike(spec)
        #expect(spec.hostname == "crun")
        #expect(spec.process?.capabilities?.inheritable == [])
    }

    private func decodeSpec(writtenBy tool: String) throws -> RuntimeSpec {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try Tools.writeSpec(with: tool, in: dir.path)
        return try RuntimeSpec.decode(try dir.read("config.json"))
    }

    private func checkRuncLike(_ spec: RuntimeSpec) throws {
        #expect(spec.ociVersion.hasPrefix("1.0"))
        let process = try #require(spec.process)
        #expect(process.args == ["sh"])
        #expect(process.terminal == true)
        #expect(process.cwd == "/")
        #expect(process.user.uid == 0 && process.user.gid == 0)
        #expect(process.capabilities?.bounding == ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"])
        #expect(process.rlimits == [RuntimeSpec.Rlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)])
        #expect(process.noNewPrivileges == true)
        #expect(spec.root == RuntimeSpec.Root(path: "rootfs", readonly: true))
        #expect(spec.mounts?.count == 7)
        #expect(spec.mounts?.first == RuntimeSpec.Mount(destination: "/proc", type: "proc", source: "proc"))
        #expect(spec.linux?.namespaces?.map(\.type) == ["pid", "network", "ipc", "uts", "mount"])
        #expect(spec.linux?.resources?.devices == [RuntimeSpec.DeviceRule(allow: false, access: "rwm")])
        #expect(spec.linux?.maskedPaths?.contains("/proc/kcore") == true)
        #expect(spec.linux?.readonlyPaths?.contains("/proc/sys") == true)
        // Both write terminal: true, which this runtime takes (a pty for --console-socket).
        #expect(spec.problems(bundle: nil).isEmpty)
    }

    @Test func decodesEveryNamedField() throws {
        let spec = try RuntimeSpec.decode(Array(SpecFixtures.everyField.utf8))
        let process = try #require(spec.process)
        #expect(process.args == ["/bin/app", "--serve"])
        #expect(process.env == ["PATH=/bin", "MODE=test"])
        #expect(process.cwd == "/work")
        #expect(process.user == RuntimeSpec.User(uid: 1000, gid: 1000, umask: 18, additionalGids: [5, 6]))
        #expect(process.capabilities?.inheritable == ["CAP_CHOWN"])
        #expect(process.capabilities?.ambient == ["CAP_NET_RAW"])
        #expect(process.rlimits?.map(\.type) == ["RLIMIT_NOFILE", "RLIMIT_NPROC"])
        #expect(process.noNewPrivileges == true)
        #expect(process.terminal == false)
        #expect(process.oomScoreAdj == -500)
        #expect(spec.root == RuntimeSpec.Root(path: "rootfs", readonly: false))
        #expect(spec.hostname == "box")
        #expect(spec.domainname == "example.test")
        #expect(spec.mounts?[1] == RuntimeSpec.Mount(destination: "/data", type: nil, source: "data",
                                                      options: ["rbind", "ro"]))
        let linux = try #require(spec.linux)
        #expect(linux.namespaces?.last == RuntimeSpec.Namespace(type: "network", path: "/run/netns/cbench-x"))
        #expect(linux.uidMappings == [IDMapping(containerID: 0, hostID: 100000, size: 65536)])
        #expect(linux.gidMappings == [IDMapping(containerID: 0, hostID: 200000, size: 1000)])
        let resources = try #require(linux.resources)
        #expect(resources.memory == RuntimeSpec.Memory(limit: 268435456, reservation: 134217728, swap: -1))
        #expect(resources.pids == RuntimeSpec.Pids(limit: 64))
        #expect(resources.cpu == RuntimeSpec.CPU(shares: 512, quota: 50000, period: 100000, cpus: "0-1", mems: "0"))
        #expect(resources.devices?[1] == RuntimeSpec.DeviceRule(allow: true, type: "c", major: 1, minor: 3, access: "rwm"))
        #expect(linux.maskedPaths == ["/proc/kcore"])
        #expect(linux.readonlyPaths == ["/proc/sys"])
        #expect(linux.sysctl == ["net.ipv4.ip_forward": "1"])
        #expect(linux.cgroupsPath == "/cbench/oci-every")
        #expect(linux.rootfsPropagation == "rslave")
        #expect(linux.devices == [RuntimeSpec.Device(type: "c", path: "/dev/fuse", major: 10, minor: 229,
                                                     fileMode: 0o666, uid: 0, gid: 0)])
        let seccomp = try #require(linux.seccomp)
        #expect(seccomp.defaultAction == "SCMP_ACT_ERRNO")
        #expect(seccomp.defaultErrnoRet == 1)
        #expect(seccomp.syscalls?[1].args?.first == RuntimeSpec.SyscallArgument(index: 0, value: 8, valueTwo: 0, op: "SCMP_CMP_EQ"))
        #expect(spec.hooks?.prestart?.first?.path == "/usr/bin/true")
        #expect(spec.annotations == ["org.example.key": "value"])
        #expect(spec.problems(bundle: nil).isEmpty)
    }

    @Test func unknownKeysAreIgnored() throws {
        let text = #"{"ociVersion": "1.0.2", "vendorExtension": {"x": 1}, "root": {"path": "r", "extra": true}}"#
        let spec = try RuntimeSpec.decode(Array(text.utf8))
        #expect(spec.root?.path == "r")
    }

    @Test func malformedJSONNamesLineAndColumn() {
        let text = "{\n  \"ociVersion\": \"1.0.2\",\n  \"root\" {\"path\": \"rootfs\"}\n}"
        let message = coreErrorText { try RuntimeSpec.decode(Array(text.utf8), source: "b/config.json") }
        #expect(message == "parse b/config.json: line 3, column 10: expected ':' after the key, found '{'; fix the JSON syntax there")
    }

    @Test func truncatedJSONNamesTheEnd() {
        let message = coreErrorText { try RuntimeSpec.decode(Array("{\"ociVersion\": \"1.0".utf8)) }
        #expect(message == "parse config.json: line 1, column 20: unterminated string; fix the JSON syntax there")
    }

    @Test func missingRequiredFieldIsNamedWithItsPath() {
        let text = #"{"ociVersion": "1.0.2", "mounts": [{"destination": "/proc"}, {"destinaton": "/sys"}]}"#
        let message = coreErrorText { try RuntimeSpec.decode(Array(text.utf8)) }
        #expect(message == "parse config.json: mounts[1].destination is required but missing (a misspelt key counts as missing); add it")
    }

    @Test func wrongTypeIsNamedWithItsPath() {
        let text = #"{"ociVersion": "1.0.2", "process": {"user": {"uid": "root", "gid": 0}, "args": ["sh"], "cwd": "/"}}"#
        let message = coreErrorText { try RuntimeSpec.decode(Array(text.utf8)) } ?? ""
        #expect(message.hasPrefix("parse config.json: process.user.uid should be a non-negative integer"))
    }

    @Test func missingConfigFileIsReported() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let message = coreErrorText { try RuntimeSpec.load(bundle: dir.path) } ?? ""
        #expect(message.hasPrefix("open \(dir.path)/config.json: ENOENT"))
    }

    @Test func loadReadsAndValidatesABundle() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.makeDirectory("rootfs")
        try dir.write("config.json", String(decoding: try RuntimeSpec.defaultSpec().encodedJSON(), as: UTF8.self))
        let spec = try RuntimeSpec.load(bundle: dir.path)
        #expect(spec == RuntimeSpec.defaultSpec())
    }
}
