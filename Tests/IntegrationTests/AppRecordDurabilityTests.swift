import Foundation
import NamespaceCore
import Testing

/// Which container records are fsynced: a `--rm` run's are removed when it exits, so it syncs
/// none of them (the cost is disk waits on the start-up path); a kept container's are synced.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppRecordDurabilityTests {
    /// The fsync and fdatasync calls of `cbench app ARGS` and its children, seen by strace.
    func syncs(_ harness: AppTestHarness, _ arguments: [String]) throws -> [String] {
        let trace = harness.root + "/.strace"
        defer { unlink(trace) }
        let outcome = try harness.app(arguments, under: ["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", trace])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return FileIO.contents(trace).split(separator: "\n").map(String.init).filter { $0.contains("sync(") }
    }

    @Test func aRemovedRunSyncsNothingAndAKeptContainerIsSynced() throws {
        let harness = try AppTestHarness("fsync")
        defer { harness.tearDown() }
        #expect(try syncs(harness, ["run", "--rm", harness.image, "true"]).isEmpty)
        let name = harness.name("kept")
        #expect(try syncs(harness, ["create", "--name", name, harness.image, "true"]).count >= 2, "the record and its directory")
        try harness.ok(["rm", name])
        #expect(harness.leftovers().isEmpty)
    }

    /// Whether the container's root overlay is volatile, from its own mountinfo's super options
    /// (`fsync=volatile` since Linux 6.x, `volatile` before).
    func rootIsVolatile(_ harness: AppTestHarness, _ arguments: [String]) throws -> Bool {
        let options = try rootOptions(harness, arguments)
        return options.contains("fsync=volatile") || options.contains("volatile")
    }

    /// The super options of the container's root overlay, from its own mountinfo.
    func rootOptions(_ harness: AppTestHarness, _ arguments: [String]) throws -> [String] {
        let outcome = try harness.app(arguments + [harness.image, "cat", "/proc/self/mountinfo"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - TYPE SOURCE SUPER-OPTIONS"
        let root = outcome.stdout.split(separator: "\n").first { $0.split(separator: " ").dropFirst(4).first == "/" }
        let after = try #require(root?.components(separatedBy: " - ").last, "no root in \(outcome.stdout)")
        let fields = after.split(separator: " ")
        #expect(fields.first == "overlay")
        return fields.last.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    /// The root of a `--rm` run is thrown away with it: mounted volatile (no sync of the upper
    /// file system when it goes), as podman does; a kept container's is not.
    @Test func onlyARemovedRunsRootIsVolatile() throws {
        let harness = try AppTestHarness("volatile")
        defer { harness.tearDown() }
        #expect(try rootIsVolatile(harness, ["run", "--rm"]))
        let name = harness.name("kept")
        #expect(try !rootIsVolatile(harness, ["run", "--name", name]))
        try harness.ok(["rm", name])
        #expect(harness.leftovers().isEmpty)
    }
}
