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
}
