import Foundation
import Testing

/// What `cbench system` refuses, through the CLI: destroy, clone, snapshot, snapshot restore
/// and checkpoint restore of a running container, and a clone onto a name that is taken. Each
/// is one line naming the container and the way out, a non-zero exit, and nothing changed:
/// the container runs on, no copy or snapshot appears, the root is as it was. Also
/// `snapshot --list` as the snapshots come and go.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemRefusalCLITests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        /// NAME stands for the running container.
        var command: [String]
        /// Parts of the one line, in order.
        var message: [String]
        var testDescription: String { command.joined(separator: " ") }
    }

    static let whileRunning: [Refusal] = [
        Refusal(command: ["destroy", "NAME"], message: ["destroy NAME: is running; stop it first or pass --force"]),
        Refusal(command: ["clone", "NAME", "NAME-copy"], message: ["clone NAME: is running; stop it first"]),
        Refusal(command: ["snapshot", "NAME", "snap1"], message: ["snapshot NAME: is running; stop it first"]),
        Refusal(command: ["snapshot", "NAME", "snap0", "--restore"], message: ["restore NAME: is running; stop it first"]),
        Refusal(command: ["restore", "NAME"], message: ["restore NAME: is running (pid ", "); stop it first"]),
    ]

    @Test(arguments: whileRunning)
    func refusedWhileRunning(_ refusal: Refusal) throws {
        let h = try SystemTestHarness("busy")
        defer { h.tearDown() }
        let name = h.name("busy")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let marker = "\(h.store)/\(name)/rootfs/root/marker"
        try "before\n".write(toFile: marker, atomically: false, encoding: .utf8)
        try #require(try h.system(["snapshot", name, "snap0"]).status == 0)
        try "after\n".write(toFile: marker, atomically: false, encoding: .utf8)
        try h.startBooted(name)
        let pid = try #require(try h.pid(name))

        let outcome = try h.system(refusal.command.map { $0.replacingOccurrences(of: "NAME", with: name) })
        #expect(outcome.status != 0)
        let parts = refusal.message.map { $0.replacingOccurrences(of: "NAME", with: name) }
        let pattern = parts.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "[0-9]+")
        #expect(outcome.stderr.range(of: pattern, options: .regularExpression) != nil, "wanted \(parts) in: \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")

        #expect(try h.pid(name) == pid, "still running, the same init")
        #expect(try h.attach(name, ["cat", "/root/marker"]) == "after\n", "the root is as it was")
        #expect(try h.system(["list"]).stdout == "\(name) RUNNING \(pid)\n", "no copy made")
        #expect(try h.system(["snapshot", name, "--list"]).stdout == "snap0\n", "no snapshot made")
        #expect(h.leftovers("\(name)-copy").isEmpty)

        #expect(try h.stop(name).status == 0)
        #expect(try h.system(["destroy", name]).stdout == "destroyed \(name)\n")
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }

    /// A clone onto a taken name (another container, or the source itself) leaves the one
    /// there untouched.
    @Test func cloneOntoATakenName() throws {
        let h = try SystemTestHarness("taken")
        defer { h.tearDown() }
        let source = h.name("src"), other = h.name("other")
        for name in [source, other] {
            try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
            try "\(name)\n".write(toFile: "\(h.store)/\(name)/rootfs/root/owner", atomically: false, encoding: .utf8)
        }
        let config = try String(contentsOfFile: "\(h.store)/\(other)/config", encoding: .utf8)
        for destination in [other, source] {
            let outcome = try h.system(["clone", source, destination])
            #expect(outcome.status != 0)
            #expect(outcome.stderr.contains("a container named \(destination) already exists; destroy it or choose another name"), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        }
        for name in [source, other] {
            #expect(try String(contentsOfFile: "\(h.store)/\(name)/rootfs/root/owner", encoding: .utf8) == "\(name)\n")
        }
        #expect(try String(contentsOfFile: "\(h.store)/\(other)/config", encoding: .utf8) == config)
        #expect(try h.system(["list"]).stdout == [other, source].sorted().map { "\($0) STOPPED\n" }.joined())
        try h.startBooted(other)
        #expect(try h.attach(other, ["hostname"]) == "\(other)\n", "the one there still boots as itself")
        #expect(try h.stop(other).status == 0)
        for name in [source, other] {
            #expect(try h.system(["destroy", name]).status == 0)
            #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
        }
    }

    /// `snapshot --list` names the snapshots in order as they are made; a second snapshot of
    /// the same name and a restore of one that does not exist are refused on one line.
    @Test func snapshotListFollowsTheSnapshots() throws {
        let h = try SystemTestHarness("snaplist")
        defer { h.tearDown() }
        let name = h.name("snap")
        try #require(try h.system(["create", name, "--template", "busybox"]).status == 0)
        let file = "\(h.store)/\(name)/rootfs/root/version"
        #expect(try h.system(["snapshot", name, "--list"]).stdout.isEmpty)
        for version in ["b", "a"] {
            try "\(version)\n".write(toFile: file, atomically: false, encoding: .utf8)
            #expect(try h.system(["snapshot", name, version]).stdout == "snapshot \(version) of \(name) made\n")
        }
        #expect(try h.system(["snapshot", name, "--list"]).stdout == "a\nb\n")

        let again = try h.system(["snapshot", name, "a"])
        #expect(again.status != 0 && again.stderr.contains("a snapshot named a already exists"), "\(again.stderr)")
        let missing = try h.system(["snapshot", name, "c", "--restore"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no snapshot named c (see `cbench system snapshot \(name) --list`)"), "\(missing.stderr)")
        let unknown = try h.system(["snapshot", h.name("nosuch"), "--list"])
        #expect(unknown.status != 0 && unknown.stderr.contains("does not exist (see `cbench system list`)"), "\(unknown.stderr)")
        for refused in [again, missing, unknown] { #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)") }
        #expect(try h.system(["snapshot", name, "--list"]).stdout == "a\nb\n")

        #expect(try h.system(["snapshot", name, "b", "--restore"]).stdout == "restored \(name) from b\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "b\n")
        #expect(try h.system(["snapshot", name, "--list"]).stdout == "a\nb\n", "a restore keeps the snapshot")
        #expect(try h.system(["destroy", name]).status == 0)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }
}
