#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
import OCIImages
@testable import SystemContainers

@Suite struct OCITemplateTests {
    /// A scratch root with `sbin/init` as the given link (nil: none).
    func root(initLink: String?) throws -> String {
        let path = "/tmp/systest-oci-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileIO.makeDirectories(path + "/sbin")
        if let initLink { #expect(symlink(initLink, path + "/sbin/init") == 0) }
        return path
    }

    @Test func theImagesOwnInitWinsOverItsCommand() throws {
        let parameters = ImageConfiguration.ExecutionParameters(cmd: ["/bin/sh"])
        let busybox = try root(initLink: "/bin/busybox")
        defer { try? FileIO.removeTree(busybox) }
        let choice = try OCIInitChoice.choose(rootfs: busybox, configuration: parameters)
        #expect(choice == OCIInitChoice(kind: .busyboxInit, command: ["/sbin/init"], haltSignal: "SIGPWR"))
        let systemd = try root(initLink: "/lib/systemd/systemd")
        defer { try? FileIO.removeTree(systemd) }
        #expect(try OCIInitChoice.choose(rootfs: systemd, configuration: parameters).haltSignal == "SIGRTMIN+3")
    }

    @Test func withoutAnInitTheImagesProcessRuns() throws {
        let bare = try root(initLink: nil)
        defer { try? FileIO.removeTree(bare) }
        let parameters = ImageConfiguration.ExecutionParameters(entrypoint: ["/bin/sh", "-c"], cmd: ["sleep 5"], stopSignal: "SIGQUIT")
        let choice = try OCIInitChoice.choose(rootfs: bare, configuration: parameters)
        #expect(choice == OCIInitChoice(kind: .process, command: ["/bin/sh", "-c", "sleep 5"], haltSignal: "SIGQUIT"))
        let text = try SystemTemplate.ociConfig(name: "o", rootfs: bare, image: "app:1", choice: choice, environment: ["A=b c"])
        let config = try LXCConfig.parse(text, source: InMemoryLXCConfigSource(files: [:]))
        #expect(config.initCommand == ["/bin/sh", "-c", "sleep 5"])
        #expect(config.environment == ["A=b c"])
        #expect(config.haltSignal == SIGQUIT)
        #expect(throws: CoreError.self) { try OCIInitChoice.choose(rootfs: bare, configuration: nil) }
    }
}
