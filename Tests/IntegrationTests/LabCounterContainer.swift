import Foundation
import Testing
import NamespaceCore

/// The migration tests' subject: a busybox system container `s` on lab1, made from the LXC
/// config lines given, with a counter beside its init that writes /tmp/count every 50 ms (on
/// /dev/null: CRIU dumps no host file). The counter going on after a move is the evidence that
/// the processes and their state moved.
enum LabCounterContainer {
    static func start(config: String) throws {
        #expect(try LabTestSupport.inLab("lab1", "sh", "-c", "printf '\(config)' > /tmp/sys.conf").status == 0)
        let created = try LabTestSupport.inLab("lab1", "cbench", "system", "create", "s", "--template", "busybox", "--config", "/tmp/sys.conf")
        try #require(created.status == 0, "\(created.output)")
        let started = try LabTestSupport.inLab("lab1", "cbench", "system", "start", "s")
        try #require(started.status == 0, "\(started.output)")
        let counter = "setsid sh -c 'i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done' </dev/null >/dev/null 2>&1 &"
        #expect(try LabTestSupport.inLab("lab1", "cbench", "system", "attach", "s", "--", "sh", "-c", counter).status == 0)
    }

    /// The counter's first value above `floor` on `host`, read until one comes (at most 20 s).
    static func countAbove(_ floor: Int, on host: String) throws -> Int? {
        let deadline = MonotonicDeadline(seconds: 20)
        repeat {
            let read = try LabTestSupport.inLab(host, "cbench", "system", "attach", "s", "--", "cat", "/tmp/count").output
            if let value = Int(read.trimmingCharacters(in: .whitespacesAndNewlines)), value > floor { return value }
        } while !deadline.hasPassed
        return nil
    }
}
