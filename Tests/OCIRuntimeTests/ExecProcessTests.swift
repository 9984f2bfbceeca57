import NamespaceCore
import Testing
@testable import OCIRuntime

/// `exec`: the process from runc's flags over the config's, and the launch that joins the
/// container instead of making one.
@Suite struct ExecProcessTests {
    var base: RuntimeSpec.Process {
        var process = RuntimeSpec.Process(args: ["sleep", "100"], env: ["PATH=/bin"], cwd: "/",
                                          capabilities: RuntimeSpec.Capabilities(bounding: ["CAP_KILL"], effective: ["CAP_KILL"]),
                                          rlimits: [RuntimeSpec.Rlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)],
                                          noNewPrivileges: false)
        process.user = RuntimeSpec.User(uid: 0, gid: 0, additionalGids: [10])
        return process
    }

    @Test func flagsLayOverTheConfigsProcess() throws {
        var flags = ExecProcessFlags(args: ["sh", "-c", "id"])
        flags.cwd = "/tmp"
        flags.env = ["A=1"]
        flags.tty = true
        flags.user = "1000:100"
        flags.additionalGids = [5]
        flags.capabilities = ["CAP_NET_ADMIN"]
        flags.noNewPrivileges = true
        let process = try flags.process(over: base)
        #expect(process.args == ["sh", "-c", "id"] && process.cwd == "/tmp" && process.terminal == true)
        #expect(process.env == ["PATH=/bin", "A=1"])
        #expect(process.user.uid == 1000 && process.user.gid == 100 && process.user.additionalGids == [5])
        #expect(process.capabilities?.bounding == ["CAP_KILL", "CAP_NET_ADMIN"] && process.capabilities?.permitted == ["CAP_NET_ADMIN"])
        #expect(process.noNewPrivileges == true && process.rlimits == base.rlimits)
    }

    @Test func aUserWithoutGidGetsGidZero() throws {
        var flags = ExecProcessFlags(args: ["id"])
        flags.user = "33"
        let user = try flags.process(over: base).user
        #expect(user.uid == 33 && user.gid == 0 && user.additionalGids == nil)
    }

    @Test(arguments: ["www-data", "1000:", "1:2:3", "-1", ""])
    func namedOrMalformedUsersAreRefused(text: String) {
        var flags = ExecProcessFlags(args: ["id"])
        flags.user = text
        #expect(coreErrorText { _ = try flags.process(over: base) }?.hasPrefix("exec --user: EINVAL") == true)
    }

    @Test func noCommandIsAClearError() {
        #expect(coreErrorText { _ = try ExecProcessFlags(args: []).process(over: base) }
            == "exec: EINVAL (Invalid argument); no command given; write `exec ID COMMAND [ARG...]` or use --process FILE")
    }

    @Test func theLaunchJoinsEveryNamespaceOfTheConfigUserFirst() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.linux?.namespaces = ["pid", "network", "ipc", "uts", "mount", "user"].map { RuntimeSpec.Namespace(type: $0) }
        spec.linux?.uidMappings = [IDMapping(containerID: 0, hostID: 100_000, size: 65536)]
        let launch = try spec.execLaunchSpec(base, initPid: 4321, detach: true)
        #expect(launch.namespaces.map(\.kind) == [.user, .pid, .network, .ipc, .uts, .mount])
        #expect(launch.namespaces.map(\.path) == ["user", "pid", "net", "ipc", "uts", "mnt"].map { "/proc/4321/ns/\($0)" })
        #expect(launch.rootfs == nil && launch.mounts.isEmpty && !launch.populateDev && launch.uidMappings.isEmpty)
        #expect(launch.newSession && !launch.controllingTerminal)
        #expect(launch.args == ["sleep", "100"] && launch.rlimits.count == 1)
    }

    @Test func capabilitiesLeftOutComeFromTheConfig() throws {
        var spec = RuntimeSpec.defaultSpec()
        spec.process?.capabilities = RuntimeSpec.Capabilities(bounding: ["CAP_CHOWN"])
        var process = base
        process.capabilities = nil
        let launch = try spec.execLaunchSpec(process, initPid: 1, detach: false)
        #expect(launch.capabilities?.bounding == [0])
        #expect(!launch.newSession)
    }

    @Test func aRelativeCwdIsRefused() {
        var process = base
        process.cwd = "tmp"
        #expect(coreErrorText { _ = try RuntimeSpec.defaultSpec().execLaunchSpec(process, initPid: 1, detach: false) }?
            .contains("process.cwd 'tmp' is not absolute") == true)
    }

    @Test func aProcessFileDecodesAndNamesItsErrors() throws {
        let process = try RuntimeSpec.decodeProcess(Array(#"{"args":["ls"],"cwd":"/","user":{"uid":1,"gid":2},"terminal":true}"#.utf8), what: "p.json")
        #expect(process.args == ["ls"] && process.user.gid == 2 && process.terminal == true)
        #expect(coreErrorText { _ = try RuntimeSpec.decodeProcess(Array(#"{"args":["ls"]}"#.utf8), what: "p.json") }?
            .hasPrefix("parse p.json:") == true)
    }
}
