import Foundation
import Testing

/// What a restore must have kept, judged from the workload's files: the count goes on from
/// where it was, the `sleep` child has its pid inside the namespace, the init is still pid 1
/// there, the memory's md5 is the one it started with, the file held on descriptor 3 is
/// still written, and (when asked) the TCP connection still carries data.
enum CheckpointStateAssertions {
    /// A reading of a running workload that has counted and written its memory's md5.
    static func settled(initPid: pid_t, label: String) throws -> CheckpointStateWorkload.Snapshot {
        let before = CheckpointStateWorkload.wait(initPid: initPid, seconds: 20) { ($0.count ?? 0) >= 12 && $0.lastSum != nil && $0.childPid != nil }
        try #require((before.count ?? 0) >= 12 && before.lastSum != nil, "\(label): the workload never settled (\(before.count ?? -1))")
        return before
    }

    static func expectKept(_ before: CheckpointStateWorkload.Snapshot, restoredPid: pid_t, tcp: Bool = false, label: String) {
        let first = CheckpointStateWorkload.wait(initPid: restoredPid) { $0.count != nil }
        let restart = first.count ?? -1
        #expect(restart >= (before.count ?? .max), "\(label): counted \(before.count ?? -1) before, \(restart) after the restore")
        let later = CheckpointStateWorkload.wait(initPid: restoredPid, seconds: 15) { state in
            (state.count ?? 0) > restart && (state.lastSum?.count ?? 0) > restart && state.heldLines > before.heldLines
                && (!tcp || state.tcpLines > before.tcpLines)
        }
        #expect((later.count ?? 0) > restart, "\(label): the restored counter does not count on")
        #expect(later.childPid == before.childPid && later.childIsSleep, "\(label): the sleep child (pid \(before.childPid ?? -1) inside) is gone")
        #expect(later.initPidInside == before.initPidInside, "\(label): the init was pid \(before.initPidInside ?? -1) inside, now \(later.initPidInside ?? -1)")
        #expect((later.lastSum?.count ?? 0) > restart, "\(label): no md5 written after the restore")
        #expect(later.lastSum?.sum == before.initialSum, "\(label): the memory's md5 changed: \(later.lastSum?.sum ?? "none") vs \(before.initialSum ?? "none")")
        #expect(later.heldLines > before.heldLines, "\(label): the file held on descriptor 3 is no longer written")
        if tcp {
            #expect(before.tcpLines > 0, "\(label): nothing came over TCP before the checkpoint")
            #expect(later.tcpLines > before.tcpLines, "\(label): the TCP connection carries nothing after the restore (\(before.tcpLines) lines)")
        }
    }
}
