#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import Checkpoints
import NamespaceCore

/// `cbench app migrate` failures between lab hosts, as root: where the error says the container
/// stands is where it is. A destination that already has a container of that name is found
/// before the freeze (the source runs on, never stopped, and the other container there is left
/// alone); a destination prepared for the restore whose source's dump then fails drops what it
/// prepared, and the source counts on; a pre-copy is refused before anything where the kernel
/// lacks soft-dirty tracking (this kernel), or fails at its first pre-dump (a failing CRIU)
/// where it has it, the source counting on either way; a destination whose prepared CRIU dies
/// while the source dumps fails its restore after the dump, and the source, held frozen, runs
/// on; a destination without the network is found while it prepares, before the freeze.
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct MigrationLabAppRollbackTests {
    static let counting = "i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done"

    /// The counter of app container `c` on `host` once above `floor` (read for at most 20 s).
    static func countAbove(_ floor: Int, on host: String) throws -> Int? {
        let deadline = MonotonicDeadline(seconds: 20)
        repeat {
            let read = try LabTestSupport.inLab(host, "cbench", "app", "exec", "c", "cat", "/tmp/count").output
            if let value = Int(read.trimmingCharacters(in: .whitespacesAndNewlines)), value > floor { return value }
            usleep(50_000)
        } while !deadline.hasPassed
        return nil
    }

    /// The host pid of app container `name`'s init on `host` (`cbench app inspect`'s State.Pid).
    static func pid(of name: String, on host: String) throws -> Int32 {
        let shown = try LabTestSupport.inLab(host, "cbench", "app", "inspect", name)
        let parsed = try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [[String: Any]]
        let state = parsed?.first?["State"] as? [String: Any]
        return try #require((state?["Pid"] as? NSNumber)?.int32Value, "no State.Pid in \(shown.output)")
    }

    static func ok(_ host: String, _ command: String...) throws {
        let result = try LabTestSupport.inLab(host, command)
        try #require(result.status == 0, "\(host): \(command.joined(separator: " ")): \(result.output)")
    }

    @Test func aFailedMoveSaysWhereTheContainerIsAndItIsThere() throws {
        try LabTestSupport.withLab(hosts: 2) {
            for host in ["lab1", "lab2"] { try Self.ok(host, "cbench", "app", "import", "/var/lib/cbench/rootfs/busybox", "busybox") }
            try Self.ok("lab1", "cbench", "app", "network", "create", "--subnet", "10.79.1.0/24", "rb")
            try Self.ok("lab1", "cbench", "app", "run", "-d", "--network", "rb", "--ip", "10.79.1.77", "--name", "c", "busybox", "sh", "-c", Self.counting)
            defer {
                _ = try? LabTestSupport.inLab("lab1", "cbench", "app", "rm", "-f", "c")
                _ = try? LabTestSupport.inLab("lab1", "cbench", "app", "network", "rm", "rb")
            }
            let first = try #require(try Self.countAbove(1, on: "lab1"), "the counter never counted on lab1")

            // The name is taken on lab2: refused before the freeze.
            try Self.ok("lab2", "cbench", "app", "run", "-d", "--name", "c", "busybox", "sleep", "300")
            let refused = try LabTestSupport.inLab("lab1", "cbench", "app", "migrate", "c", "--to", "lab2")
            #expect(refused.status != 0, "moved onto a taken name: \(refused.output)")
            #expect(refused.output.contains("connect") && refused.output.contains("the source is running here, untouched")
                    && refused.output.contains("nothing of it is left on the destination"), "\(refused.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "exec", "c", "true").status == 0, "lab2's own c runs on")
            try Self.ok("lab2", "cbench", "app", "rm", "-f", "c")
            let second = try #require(try Self.countAbove(first, on: "lab1"), "the counter stopped on lab1 after the refused move")

            // lab2 prepared (the container made from the record, its namespace, cgroup and CRIU
            // waiting), then the source's dump fails (its CRIU exits at once): lab2 drops all of it.
            try Self.ok("lab2", "cbench", "app", "network", "create", "--subnet", "10.79.1.0/24", "rb")
            let dumpFailed = try LabTestSupport.inLab("lab1", "env", "CBENCH_CRIU=/bin/false", "cbench", "app", "migrate", "c", "--to", "lab2")
            #expect(dumpFailed.status != 0, "moved with a CRIU that fails: \(dumpFailed.output)")
            #expect(dumpFailed.output.contains("dump") && dumpFailed.output.contains("the source is running here")
                    && dumpFailed.output.contains("nothing of it is left on the destination"), "\(dumpFailed.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "c").status != 0, "nothing of c on lab2")
            let runRoot = try LabTestSupport.inLab("lab2", "sh", "-c", "ls /run/cbench/app 2>/dev/null; true").output
            let left = runRoot.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("prepared-") || $0.count == 64 }
            #expect(left.isEmpty, "lab2 keeps no prepared launch nor a run directory of c: \(runRoot)")
            let third = try #require(try Self.countAbove(second, on: "lab1"), "the counter stopped on lab1 after the failed dump")

            // Pre-copy: this kernel's reason before anything starts, or (a kernel with soft-dirty
            // tracking) a first pre-dump that fails, after lab2 prepared.
            let tracking = MigrationHostCheck().features().unsupportedReason(.preCopy)
            let preCopy = try LabTestSupport.inLab("lab1", ["env"] + (tracking == nil ? ["CBENCH_CRIU=/bin/false"] : [])
                                                   + ["cbench", "app", "migrate", "c", "--to", "lab2", "--strategy", "pre-copy"])
            #expect(preCopy.status != 0, "pre-copy moved: \(preCopy.output)")
            #expect(preCopy.output.contains(tracking == nil ? "pre-dump 1" : "mem_dirty_track")
                    && preCopy.output.contains("the source is running here")
                    && preCopy.output.contains("nothing of it is left on the destination"), "\(preCopy.output)")
            #expect(tracking == nil || !preCopy.output.contains("connect"), "refused before it connected: \(preCopy.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "c").status != 0, "nothing of c on lab2")
            let fourth = try #require(try Self.countAbove(third, on: "lab1"), "the counter stopped on lab1 after the pre-copy")

            // lab2's prepared CRIU ends once lab1's dump runs: the restore there fails after the
            // dump, lab2 drops what it made and lab1's held tree runs on.
            let sourceNamespace = try #require(NewProcessKiller.networkNamespace(of: try Self.pid(of: "c", on: "lab1")))
            let killer = NewProcessKiller.preparedRestore(whileSourceDumpsIn: sourceNamespace)
            let restoreFailed = try LabTestSupport.inLab("lab1", "cbench", "app", "migrate", "c", "--to", "lab2")
            let killed = killer.stop()
            try #require(killed != nil, "no prepared CRIU on lab2 ended while lab1 dumped: \(restoreFailed.output)")
            #expect(restoreFailed.status != 0, "moved although lab2's CRIU was ended: \(restoreFailed.output)")
            #expect(restoreFailed.output.contains("the source is restored and running here")
                    && restoreFailed.output.contains("nothing of it is left on the destination"), "\(restoreFailed.output)")
            #expect(!restoreFailed.output.contains("connect to lab2:"), "it failed after the dump, not before: \(restoreFailed.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "c").status != 0, "nothing of c on lab2")
            let fifth = try #require(try Self.countAbove(fourth, on: "lab1"), "the counter stopped on lab1 after the failed restore")
            try Self.ok("lab2", "cbench", "app", "network", "rm", "rb")

            // The network is not on lab2: its restore cannot be prepared, found before the freeze.
            let failed = try LabTestSupport.inLab("lab1", "cbench", "app", "migrate", "c", "--to", "lab2")
            #expect(failed.status != 0, "moved without the network on lab2: \(failed.output)")
            #expect(failed.output.contains("prepare") && failed.output.contains("the source is running here, untouched")
                    && failed.output.contains("nothing of it is left on the destination"), "\(failed.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "app", "inspect", "c").status != 0, "nothing of c on lab2")
            #expect(try Self.countAbove(fifth, on: "lab1") != nil, "the counter does not go on from \(fifth) on lab1")
            let inspect = try LabTestSupport.inLab("lab1", "cbench", "app", "inspect", "c").output
            #expect(inspect.contains("10.79.1.77"), "c keeps its address on lab1: \(inspect)")
        }
    }
}
