#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import SwiftProtobuf
import NamespaceCore
@testable import Checkpoints

/// The conversation waits on CRIU's socket and on a child the request depends on (post-copy's
/// lazy-pages daemon) together, over a real socket pair whose far end stands in for CRIU. A
/// child that fails while CRIU says nothing ends the wait with the child's status (before, the
/// restore sat in recvmsg while the daemon stayed an unreaped zombie); one that ends well is
/// reaped and the answer is still taken. No root, no criu.
struct CRIUWatchedProcessTests {
    let starter = CRIUProcessStarter()
    let request: Criu_Request

    init() throws {
        request = try CRIURequest(kind: .restore, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
    }

    @Test func aWatchedChildThatFailsEndsTheWaitOnASilentCRIU() throws {
        let (ours, criuEnd) = try SocketCRIUConnection.pair()
        defer { close(criuEnd) }
        let pid = try starter.start(["/bin/sh", "-c", "exit 3"], descriptors: [:], outputPath: nil)
        let watch = CRIUWatchedProcess(pid: pid) { $0 == .exited(0) ? nil : "the daemon \($0)" }
        let error = #expect(throws: CheckpointError.self) {
            try CRIUConversation.run(request, over: ours, stage: "restore", watching: watch) { _ in }
        }
        #expect(error?.detail == "the daemon exited with 3", "\(String(describing: error))")
        #expect(error.map(CRIUConversation.criuDied) == false, "not taken for a CRIU that died")
        #expect(watch.ended == .exited(3) && watch.failure == "the daemon exited with 3")
        #expect(kill(pid, 0) != 0 && errno == ESRCH, "the child was reaped")
    }

    @Test func aChildThatEndsWellIsReapedAndCRIUsAnswerStillCounts() throws {
        let (ours, criuEnd) = try SocketCRIUConnection.pair()
        defer { close(criuEnd) }
        let pid = try starter.start(["/bin/sh", "-c", "exit 0"], descriptors: [:], outputPath: nil)
        let watch = CRIUWatchedProcess(pid: pid) { $0 == .exited(0) ? nil : "the daemon \($0)" }
        let answer = try ScriptedCRIU.restored(77).serializedBytes() as [UInt8]
        // CRIU answers only once the child has ended, so the watch sees the end first.
        DispatchQueue.global().async {
            while Self.running(pid) { usleep(1_000) }
            _ = answer.withUnsafeBytes { send(criuEnd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        let result = try CRIUConversation.run(request, over: ours, stage: "restore", watching: watch) { _ in }
        #expect(result.restoredPid == 77)
        #expect(watch.ended == .exited(0) && watch.failure == nil)
    }

    @Test func criuClosingItsSocketIsToldApartFromOtherFailures() throws {
        let criu = ScriptedCRIU([])
        let error = #expect(throws: CheckpointError.self) { try CRIUConversation.run(request, over: criu, stage: "dump") { _ in } }
        #expect(error.map(CRIUConversation.criuDied) == true, "\(String(describing: error))")
        #expect(!CRIUConversation.criuDied(CheckpointError(stage: "dump", detail: "criu failed")))
    }

    /// Whether `pid` still runs (not yet a zombie, not yet reaped).
    static func running(_ pid: pid_t) -> Bool {
        guard let stat = try? FileIO.read("/proc/\(pid)/stat", limit: 512) else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        return !text[text.index(after: close)...].hasPrefix(" Z")
    }
}
