import Foundation
import Glibc
import NamespaceCore
import Testing
@testable import SystemContainers

/// A migration's destination prepares its restore while the source still runs (the state
/// directory, the root's bind, the cgroup, a network namespace with the veth wired and its host
/// end down, CRIU waiting in it); a move that fails or is abandoned before the restore must
/// leave none of it.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemRestorePreparationTests {
    /// A privileged container (as a lab move's) with one veth on `bridge`.
    static func create(_ name: String, on bridge: String, in h: SystemTestHarness) throws {
        let config = "\(h.store)/.\(name).conf"
        try """
            lxc.idmap =
            lxc.net.0.type = veth
            lxc.net.0.link = \(bridge)
            lxc.net.0.ipv4.address = 10.211.\(UInt8.random(in: 100...250)).10/24
            lxc.net.0.flags = up

            """.write(toFile: config, atomically: false, encoding: .utf8)
        let create = try h.system(["create", name, "--template", "busybox", "--config", config])
        try #require(create.status == 0, "create: \(create.stderr)")
    }

    /// A harness whose store holds such a container, named for `label`, on a bridge of its
    /// own; `body` gets them and this store's runtime. The bridge and harness go after.
    static func withWiredContainer(_ label: String,
                                   _ body: (SystemTestHarness, _ bridge: String, _ name: String, SystemRuntime) throws -> Void) throws {
        let h = try SystemTestHarness(label)
        defer { h.tearDown() }
        let bridge = "cbenchp\(h.suffix.prefix(8))"
        defer { _ = HostCommandRunner().run(["ip", "link", "del", bridge]) }
        let name = h.name(label)
        try create(name, on: bridge, in: h)
        try body(h, bridge, name, SystemRuntime(store: SystemStore(root: h.store, runRoot: h.runRoot)))
    }

    static func hostLinks(master bridge: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net/\(bridge)/brif")) ?? []
    }

    @Test func aPreparedRestoreIsMadeAndDiscardedWhole() throws {
        try Self.withWiredContainer("prep") { h, bridge, name, runtime in
            let configText = String(decoding: try FileIO.read(runtime.store.configPath(of: name)), as: UTF8.self)
            let prepared = try #require(try runtime.prepareRestore(name: name, configText: configText), "a privileged container is prepared ahead")
            let criu = try #require(prepared.worker?.pid, "criu waits for the restore's request")
            #expect(kill(criu, 0) == 0)
            #expect(prepared.runsInNetworkNamespace)
            let links = Self.hostLinks(master: bridge)
            #expect(links.count == 1, "the veth's host end is on the bridge: \(links)")
            let state = links.first.flatMap { try? String(contentsOfFile: "/sys/class/net/\($0)/operstate", encoding: .utf8) }
            #expect(state == "down\n", "the host end stays down until CRIU's post-restore: \(state ?? "no link")")
            let made = h.leftovers(name)
            #expect(made.contains("state \(name)") && made.contains { $0.hasPrefix("cgroup ") } && made.contains { $0.hasPrefix("mount ") },
                    "state directory, cgroup and root bind: \(made)")

            prepared.discard(store: runtime.store)
            #expect(kill(criu, 0) != 0, "criu was ended and reaped")
            #expect(Self.hostLinks(master: bridge).isEmpty)
            #expect(h.leftovers(name) == ["store \(name)"], "only the container itself is left")
            #expect(try h.system(["destroy", name]).status == 0)
        }
    }

    /// The source sends the root and config, then its dump fails and it closes the stream: the
    /// destination's import, which prepared the restore before saying `root`, fails and removes
    /// what it prepared.
    @Test func anAbandonedMoveLeavesNothingOfItsPreparedRestore() throws {
        try Self.withWiredContainer("prepsrc") { h, bridge, source, runtime in
            let stream = "\(h.store)/.stream"
            let fd = open(stream, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            try #require(fd >= 0)
            let frames = StreamSections.Writer(fd: fd, what: stream)
            _ = try runtime.exportRoot(name: source, into: { (bytes) throws(CoreError) in try frames.write(bytes) })
            try frames.endSection()
            close(fd)

            let moved = h.name("prepdst")
            let imported = try h.cli.run(["import", "/dev/stdin", moved, "--restore", "--root-first", "--say-ready"],
                                         under: ["sh", "-c", "exec \"$@\" < \(stream)", "sh"])
            #expect(imported.status != 0)
            #expect(imported.stdout == "ready\nroot\n", "the restore was prepared and the root said in: \(imported.stdout) \(imported.stderr)")
            #expect(imported.stderr.contains("the stream ended inside a section"), "\(imported.stderr)")
            #expect(h.leftovers(moved).isEmpty, "\(h.leftovers(moved))")
            #expect(Self.hostLinks(master: bridge).isEmpty)
            #expect(try h.system(["destroy", source]).status == 0)
        }
    }
}
