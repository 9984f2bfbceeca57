import Testing
import NamespaceCore
@testable import SystemContainers

@Suite struct DebianTemplateTests {
    @Test func releasesPickTheirInit() throws {
        #expect(try DebianRelease.named("bookworm").initSystem == .systemd)
        #expect(try DebianRelease.named("trixie").initSystem == .sysvinit)
        #expect(DebianRelease.bullseye.extraPackages == ["sysvinit-core"])
        let missing = #expect(throws: CoreError.self) { try DebianRelease.named(nil) }
        #expect(missing?.description.contains("needs --release") == true)
        let unknown = #expect(throws: CoreError.self) { try DebianRelease.named("buster") }
        #expect(unknown?.description.contains("unknown Debian release") == true)
    }

    @Test func mirrorComesFromOneLineOrDeb822Sources() throws {
        #expect(DebianRootfsCache.mirror(in: "# x\ndeb [arch=amd64] http://ftp.example.org/debian bookworm main\n") == "http://ftp.example.org/debian")
        let deb822 = """
            Types: deb
            URIs: http://deb.debian.org/debian
            Suites: bookworm

            Types: deb
            URIs: http://deb.debian.org/debian-security
            """
        #expect(DebianRootfsCache.mirror(in: deb822) == "http://deb.debian.org/debian")
        let files = ["/a": "deb http://security.debian.org/debian-security bookworm-security main", "/b": deb822]
        #expect(try DebianRootfsCache.hostMirror(files: ["/a", "/b"], read: { files[$0] }) == "http://deb.debian.org/debian")
        #expect(throws: CoreError.self) { try DebianRootfsCache.hostMirror(files: ["/none"], read: { _ in nil }) }
    }

    @Test func sysvinitInittabLosesGettysAndGainsHaltAndReadiness() {
        let inittab = "id:2:initdefault:\nl2:2:wait:/etc/init.d/rc 2\n1:2345:respawn:/sbin/getty 38400 tty1\n"
        let changed = SystemTemplate.sysvinitInittab(inittab)
        #expect(changed.contains("#1:2345:respawn:/sbin/getty"))
        #expect(changed.contains("pf::powerwait:/sbin/init 0"))
        #expect(changed.hasSuffix("cb:2345:wait:/bin/touch /run/cbench-booted\n"))
        #expect(SystemTemplate.sysvinitInittab(changed) == changed, "idempotent")
    }

    @Test func debianConfigLoadsWithItsHaltSignal() throws {
        let text = SystemTemplate.debian.config(name: "d", rootfs: "/", release: .bookworm)
        let config = try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
        #expect(config.haltSignal == Signal.number(named: "SIGRTMIN+3"))
        #expect(config.mountEntries.contains { $0.target == "run/lock" && $0.type == "tmpfs" })
        let sysv = try LXCConfig.parse(SystemTemplate.debian.config(name: "d", rootfs: "/", release: .trixie),
                                       source: InMemoryLXCConfigSource(files: [:]))
        #expect(sysv.haltSignal == Signal.number(named: "SIGPWR"))
    }
}
