import Testing
#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
@testable import SystemContainers

@Suite struct LXCConfigParseTests {
    func parse(_ text: String, files: [String: String] = [:]) throws -> LXCConfig {
        try LXCConfig.parse(text, name: "/c/config", source: InMemoryLXCConfigSource(files: files))
    }

    func parseError(_ text: String, files: [String: String] = [:]) -> CoreError? {
        do {
            _ = try parse(text, files: files)
            return nil
        } catch let error as CoreError {
            return error
        } catch {
            return nil
        }
    }

    @Test func everyKeyKind() throws {
        let config = try parse("""
            # a comment
            lxc.uts.name = "web"
            lxc.rootfs.path = dir:/var/lib/x/rootfs
            lxc.mount.entry = /srv srv none bind,ro,create=dir 0 0
            lxc.mount.auto = proc:mixed sys:ro cgroup:mixed
            lxc.mount.auto = sys:mixed
            lxc.net.0.type = veth
            lxc.net.0.link = lxcbr0
            lxc.net.0.flags = up
            lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
            lxc.net.0.ipv4.address = 10.0.3.2/24
            lxc.net.0.ipv4.gateway = 10.0.3.1
            lxc.net.1.type = empty
            lxc.idmap = u 0 100000 65536
            lxc.idmap = g 0 100000 65536
            lxc.cgroup.memory.limit_in_bytes = 256M
            lxc.cgroup2.memory.max = 268435456
            lxc.cap.drop = sys_module mac_admin
            lxc.cap.keep =
            lxc.init.cmd = /sbin/init --debug
            lxc.signal.halt = SIGPWR
            lxc.signal.stop = 9
            lxc.tty.max = 4
            lxc.console.path = none
            lxc.environment = FOO=bar
            lxc.environment = HOME
            lxc.start.auto = 1
            lxc.apparmor.profile = generated
            lxc.hook.clone = /usr/share/lxc/hooks/clonehostname
            """)
        #expect(config.utsName == "web")
        #expect(config.rootfsPath == "/var/lib/x/rootfs")
        #expect(config.mountEntries == [LXCMountEntry(source: "/srv", target: "srv", type: "none", options: ["bind", "ro", "create=dir"])])
        #expect(config.mountEntries.first?.kernelOptions == ["bind", "ro"])
        #expect(config.mountAuto == LXCMountAuto(proc: .mixed, sys: .mixed, cgroup: .mixed))
        #expect(config.networks[0]?.type == .veth)
        #expect(config.networks[0]?.link == "lxcbr0")
        #expect(config.networks[0]?.ipv4Addresses == ["10.0.3.2/24"])
        #expect(config.networks[0]?.ipv4Gateway == "10.0.3.1")
        #expect(config.networks[1]?.type == .empty)
        #expect(config.idmaps == [LXCIDMap(kind: .uid, containerID: 0, hostID: 100000, count: 65536),
                                  LXCIDMap(kind: .gid, containerID: 0, hostID: 100000, count: 65536)])
        #expect(config.cgroupSettings.map(\.key) == ["memory.limit_in_bytes", "memory.max"])
        #expect(config.cgroupSettings.map(\.version) == [.v1, .v2])
        #expect(config.capDrop == ["sys_module", "mac_admin"])
        #expect(config.initCommand == ["/sbin/init", "--debug"])
        #expect(config.haltSignal == SIGPWR)
        #expect(config.stopSignal == 9)
        #expect(config.ttyMax == 4)
        #expect(config.consolePath == "none")
        #expect(config.environment == ["FOO=bar", "HOME"])
        #expect(config.startAuto == true)
        #expect(config.ignoredEntries.map(\.key) == ["lxc.apparmor.profile", "lxc.hook.clone"])
    }

    @Test func emptyValueClearsLists() throws {
        let config = try parse("""
            lxc.cap.drop = sys_time
            lxc.cap.drop =
            lxc.mount.entry = a b c
            lxc.mount.entry =
            """)
        #expect(config.capDrop.isEmpty)
        #expect(config.mountEntries.isEmpty)
    }

    @Test func unknownKeyNamesKeyAndLine() {
        let error = parseError("lxc.uts.name = a\n\nlxc.bogus.key = 1\n")
        #expect(error?.stage == "lxc config /c/config:3")
        #expect(error?.detail?.contains("unknown key 'lxc.bogus.key'") == true)
    }

    @Test(arguments: [
        ("lxc.idmap = u 0 100000", "lxc.idmap"),
        ("lxc.signal.halt = SIGBOGUS", "unknown signal"),
        ("lxc.tty.max = many", "expected a number"),
        ("lxc.start.auto = yes", "expected 0 or 1"),
        ("lxc.mount.auto = proc:weird", "lxc.mount.auto"),
        ("lxc.net.0.type = tunnel", "unknown network type"),
        ("lxc.net.0.ipv4.address = 10.0.3/24", "ADDRESS/PREFIX"),
        ("lxc.net.0.hwaddr = 00:16", "MAC"),
        ("lxc.net.x.type = veth", "lxc.net.N"),
        ("lxc.cap.drop = sys_bogus", "unknown capability"),
        ("lxc.mount.entry = onlyone", "lxc.mount.entry"),
        ("lxc.cgroup.memory = 1", "controller file"),
        ("no equals sign here", "key = value"),
    ])
    func malformedValueNamesLine(line: String, fragment: String) {
        let error = parseError("lxc.uts.name = a\n" + line + "\n")
        #expect(error?.stage == "lxc config /c/config:2", "\(String(describing: error))")
        #expect(error?.detail?.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func includeOfFileAndDirectory() throws {
        let config = try parse("""
            lxc.include = /shared/common.conf
            lxc.include = /shared/conf.d/
            lxc.uts.name = last
            """, files: [
                "/shared/common.conf": "lxc.cap.drop = sys_time\nlxc.uts.name = first\n",
                "/shared/conf.d/b.conf": "lxc.environment = B=2\n",
                "/shared/conf.d/a.conf": "lxc.environment = A=1\n",
                "/shared/conf.d/README": "not a config\n",
            ])
        #expect(config.capDrop == ["sys_time"])
        #expect(config.environment == ["A=1", "B=2"])
        #expect(config.utsName == "last")
    }

    @Test func errorInIncludedFileNamesThatFile() {
        let error = parseError("lxc.include = /shared/bad.conf\n", files: ["/shared/bad.conf": "\nlxc.nope = 1\n"])
        #expect(error?.stage == "lxc config /shared/bad.conf:2")
    }

    @Test func missingIncludeIsSkippedAsLXCDoes() throws {
        let config = try parse("lxc.include = /missing.conf\nlxc.include = /missing.d/\nlxc.uts.name = a\n")
        #expect(config.utsName == "a")
    }

    @Test func emptyIncludeNamesItsLine() {
        #expect(parseError("\nlxc.include =\n")?.stage == "lxc config /c/config:2")
    }

    @Test func includeLoopIsStopped() {
        let error = parseError("lxc.include = /loop.conf\n", files: ["/loop.conf": "lxc.include = /loop.conf\n"])
        #expect(error?.detail?.contains("nested deeper") == true)
    }

    @Test func configTextSettingReplacesOrAppends() {
        let text = "# keep\nlxc.uts.name = a\nlxc.tty.max = 0\n"
        #expect(LXCConfigText.setting("lxc.uts.name", to: "b", in: text) == "# keep\nlxc.uts.name = b\nlxc.tty.max = 0\n")
        #expect(LXCConfigText.setting("lxc.rootfs.path", to: "dir:/r", in: text)
                == "# keep\nlxc.uts.name = a\nlxc.tty.max = 0\nlxc.rootfs.path = dir:/r\n")
    }
}
