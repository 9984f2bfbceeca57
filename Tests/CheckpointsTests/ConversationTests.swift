import Glibc
import Testing
import SwiftProtobuf
@testable import Checkpoints

/// The RPC exchange against a scripted CRIU: notifications are answered after the handler ran,
/// a failure becomes an error with CRIU's errno and message. No root, no criu.
final class ScriptedCRIU: CRIUConnection {
    var replies: [Criu_Response]
    var sent: [Criu_Request] = []

    init(_ replies: [Criu_Response]) {
        self.replies = replies
    }

    func send(_ bytes: [UInt8]) throws(CheckpointError) {
        guard let request = try? Criu_Request(serializedBytes: bytes) else { throw CheckpointError(stage: "decode") }
        sent.append(request)
    }

    func receive() throws(CheckpointError) -> (bytes: [UInt8], descriptor: Int32?) {
        guard !replies.isEmpty else { return ([], nil) }
        let reply = replies.removeFirst()
        return ((try? reply.serializedBytes()) ?? [], nil)
    }

    static func notify(_ script: String, pid: Int32? = nil) -> Criu_Response {
        var response = Criu_Response()
        response.type = .notify
        response.success = true
        response.notification.script = script
        if let pid { response.notification.pid = pid }
        return response
    }

    static func restored(_ pid: Int32) -> Criu_Response {
        var response = Criu_Response()
        response.type = .restore
        response.success = true
        response.restore.pid = pid
        return response
    }
}

struct ConversationTests {
    @Test func notificationsAreAnsweredInOrderAndThePidComesBack() throws {
        let criu = ScriptedCRIU([ScriptedCRIU.notify("setup-namespaces", pid: 77), ScriptedCRIU.notify("network-unlock"),
                                 ScriptedCRIU.notify("post-restore", pid: 77), ScriptedCRIU.restored(77)])
        var seen: [String] = []
        let request = try CRIURequest(kind: .restore, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
        let result = try CRIUConversation.run(request, over: criu, stage: "restore") { note in
            seen.append("\(note.script) \(note.pid ?? 0)")
        }
        #expect(result.restoredPid == 77)
        #expect(seen == ["setup-namespaces 77", "network-unlock 0", "post-restore 77"])
        #expect(criu.sent.count == 4)
        #expect(criu.sent.dropFirst().allSatisfy { $0.type == .notify && $0.notifySuccess })
    }

    @Test func aHandlerErrorStopsCRIUAndIsReported() throws {
        let criu = ScriptedCRIU([ScriptedCRIU.notify("setup-namespaces", pid: 5), ScriptedCRIU.restored(5)])
        let request = try CRIURequest(kind: .restore, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
        #expect(throws: CheckpointError(stage: "network", detail: "no bridge")) {
            try CRIUConversation.run(request, over: criu, stage: "restore") { _ in
                throw CheckpointError(stage: "network", detail: "no bridge")
            }
        }
        #expect(criu.sent.last?.notifySuccess == false)
    }

    @Test func aFailedResponseCarriesErrnoAndMessage() throws {
        var failure = Criu_Response()
        failure.type = .dump
        failure.success = false
        failure.errorNumber = EPERM
        failure.errorMessage = "Can't dump ghost file\n"
        let criu = ScriptedCRIU([failure])
        let request = try CRIURequest(kind: .dump, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
        #expect(throws: CheckpointError(stage: "checkpoint web", errno: EPERM, detail: "Can't dump ghost file")) {
            try CRIUConversation.run(request, over: criu, stage: "checkpoint web") { _ in }
        }
    }

    @Test func aClosedSocketIsNamed() throws {
        let criu = ScriptedCRIU([])
        let request = try CRIURequest(kind: .dump, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
        #expect(throws: CheckpointError.self) { try CRIUConversation.run(request, over: criu, stage: "dump") { _ in } }
    }

    @Test func theLogsFirstErrorLineIsFound() {
        let log = """
            (00.000012) Warn  (criu/cr-restore.c:1): rlimit: Can't setup RLIMIT_NOFILE for self
            (00.100000) Error (criu/files-reg.c:2213): Can't open file tmp/x on restore: No such file or directory
            (00.100001) Error (criu/cr-restore.c:9): Restoring FAILED.
            """
        #expect(CRIULog.firstError(text: log) == "Error (criu/files-reg.c:2213): Can't open file tmp/x on restore: No such file or directory")
        #expect(CRIULog.firstError(text: "(0.1) Warn (x): y") == nil)
    }
}

extension ConversationTests {
    /// On a host without CAP_SYS_RESOURCE CRIU's first error is its harmless rlimit one.
    @Test func theRlimitErrorIsNotTakenForTheCause() throws {
        var failure = Criu_Response()
        failure.type = .dump
        failure.success = false
        failure.errorNumber = EPERM
        failure.errorMessage = "Error (criu/util.c:1533): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted"
        let request = try CRIURequest(kind: .dump, imageDirectory: "/i").message(imagesFD: 3, workFD: nil)
        #expect(throws: CheckpointError(stage: "dump", detail: "criu failed")) {
            try CRIUConversation.run(request, over: ScriptedCRIU([failure]), stage: "dump") { _ in }
        }
    }
}
