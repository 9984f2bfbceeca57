import Foundation
import Testing
import NamespaceCore

/// A tarball with a `../` entry given to `cbench app import` and `cbench system import`, after
/// good entries so that a half-done import would show: one line naming the entry, a non-zero
/// exit, nothing written where the entry points, and the store as it was (no image, layer,
/// blob or container). The entry climbs far enough to reach / from any extraction directory,
/// so it would land at /tmp/cbench-escape-* if it were followed.
@Suite(.hostLeakCheck, .serialized, .enabled(if: CLITestHarness.available && ExecutablePath.find("tar", environment: ProcessInfo.processInfo.environment) != nil,
                             "needs root, a built cbench, the busybox rootfs and tar"))
struct ImportEscapeCLITests {
    /// A directory `work` holding `source/` (what the good entries come from) and the tarball.
    struct EvilTarball {
        let work: String
        let escapee = "/tmp/cbench-escape-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        var source: String { work + "/source" }
        var tarball: String { work + "/evil.tar" }
        /// Relative to `source`, it names `escapee` from any depth below /.
        var entry: String { String(repeating: "../", count: 24) + String(escapee.dropFirst()) }

        init(work: String) throws {
            self.work = work
            try FileIO.makeDirectories(source, mode: 0o755)
        }

        /// Packs `good` (paths below `source`) and then the escaping entry, names kept as given (-P).
        func pack(_ good: [String]) throws {
            try "escaped\n".write(toFile: escapee, atomically: false, encoding: .utf8)
            defer { unlink(escapee) }
            let tar = try Spawn(["tar", "-C", source, "-cPf", tarball] + good + [entry]).run()
            try #require(tar.status == 0, "tar: \(tar.stderr)")
            let listing = try Spawn(["tar", "-tPf", tarball]).run().stdout
            try #require(listing.hasSuffix(entry + "\n"), "the escaping entry is last and kept as written: \(listing)")
        }
    }

    /// Every path below `root`, sorted (what a half-done import would add).
    static func tree(_ root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    }

    static func expectRefused(_ outcome: SpawnResult, _ tarball: EvilTarball) {
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("'\(tarball.entry)'") && outcome.stderr.contains("escapes the") && outcome.stderr.contains("refused"),
                "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tarball.escapee), "the entry was written outside: \(tarball.escapee)")
    }

    @Test func appImportRefusesIt() throws {
        let harness = try AppTestHarness("escape")
        defer { harness.tearDown() }
        let tarball = try EvilTarball(work: harness.root + "/.evil")
        for directory in ["bin", "etc"] { try FileIO.makeDirectories("\(tarball.source)/\(directory)", mode: 0o755) }
        try "root:x:0:0:root:/root:/bin/sh\n".write(toFile: tarball.source + "/etc/passwd", atomically: false, encoding: .utf8)
        try tarball.pack(["bin", "etc"])
        let images = try harness.ok(["images"])
        let before = Self.tree(harness.root).filter { !$0.hasPrefix(".evil") }

        let outcome = try harness.app(["import", tarball.tarball, "evil:1"])
        Self.expectRefused(outcome, tarball)
        #expect(try harness.ok(["images"]) == images, "no image")
        #expect(Self.tree(harness.root).filter { !$0.hasPrefix(".evil") } == before, "no blob, layer or scratch file left")
        #expect(harness.leftovers().isEmpty, "\(harness.leftovers())")
    }

    @Test func systemImportRefusesIt() throws {
        let h = try SystemTestHarness("escape")
        defer { h.tearDown() }
        let source = h.name("src"), name = h.name("evil")
        try #require(try h.system(["create", source, "--template", "busybox"]).status == 0)
        let export = "\(h.store)/.export.tar.gz"
        try #require(try h.system(["export", source, export]).status == 0)
        #expect(try h.system(["destroy", source]).status == 0)
        // A real export unpacked, then packed again with the escaping entry after it.
        let tarball = try EvilTarball(work: h.store + "/.evil")
        let unpacked = try Spawn(["tar", "-C", tarball.source, "-xzf", export]).run()
        try #require(unpacked.status == 0, "\(unpacked.stderr)")
        let members = try FileIO.names(in: tarball.source).sorted()
        #expect(members.contains("rootfs") && members.contains("config"), "\(members)")
        try tarball.pack(members)
        unlink(export)
        let before = Self.tree(h.store).filter { !$0.hasPrefix(".evil") }

        let outcome = try h.system(["import", tarball.tarball, name])
        Self.expectRefused(outcome, tarball)
        #expect(Self.tree(h.store).filter { !$0.hasPrefix(".evil") } == before, "no container, rootfs or partial directory left")
        #expect(try h.system(["list"]).stdout.isEmpty)
        #expect(h.leftovers(name).isEmpty, "\(h.leftovers(name))")
    }
}
