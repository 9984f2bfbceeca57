#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import SwiftProtobuf

/// What CRIU answered to a request.
public struct CRIUResult: Sendable, Equatable {
    /// Restore: the restored root task's host pid.
    public var restoredPid: Int32?
    /// Dump with leave-running or a failed dump: CRIU says the tree runs again.
    public var dumpRestored: Bool?
    public var features: CRIUFeatures?
    public var version: String?

    public init(restoredPid: Int32? = nil, dumpRestored: Bool? = nil, features: CRIUFeatures? = nil, version: String? = nil) {
        self.restoredPid = restoredPid
        self.dumpRestored = dumpRestored
        self.features = features
        self.version = version
    }
}

/// The message exchange of one request: send it, answer every notification (after the
/// handler ran) until the final response, and turn a failure into an error naming the stage.
enum CRIUConversation {
    /// `watching`: a child the request depends on, waited for beside CRIU's socket; its
    /// failing end is thrown (`CRIUWatchedProcess`).
    static func run(_ request: Criu_Request, over connection: any CRIUConnection, stage: String,
                    watching: CRIUWatchedProcess? = nil, notify: CRIUNotificationHandler) throws -> CRIUResult {
        try connection.send(try encode(request, stage: stage))
        while true {
            if let watching, let socket = connection.pollDescriptor { try watching.awaitReadable(socket, stage: stage) }
            let (bytes, descriptor) = try connection.receive()
            guard !bytes.isEmpty else {
                if let descriptor { close(descriptor) }
                throw CheckpointError(stage: stage, errno: ECONNRESET, detail: Self.closedWithoutAnswer)
            }
            let response: Criu_Response
            do {
                response = try Criu_Response(serializedBytes: bytes)
            } catch {
                if let descriptor { close(descriptor) }
                throw CheckpointError(stage: stage, detail: "criu sent a message that does not decode: \(error)")
            }
            guard response.success else {
                if let descriptor { close(descriptor) }
                throw failure(response, stage: stage)
            }
            guard response.type == .notify else { return result(of: response) }
            let note = CRIUNotification(script: response.notification.script,
                                        pid: response.notification.hasPid ? response.notification.pid : nil,
                                        descriptor: descriptor)
            var answer = Criu_Request()
            answer.type = .notify
            do {
                try notify(note)
                answer.notifySuccess = true
                try connection.send(try encode(answer, stage: stage))
            } catch {
                answer.notifySuccess = false
                try? connection.send(try encode(answer, stage: stage))
                throw error
            }
        }
    }

    /// The detail of the error when CRIU's socket closed before its answer: CRIU died.
    static let closedWithoutAnswer = "criu closed its socket without an answer (it crashed or was killed)"

    /// Whether `error` says CRIU died before it answered (`closedWithoutAnswer`).
    static func criuDied(_ error: any Error) -> Bool {
        (error as? CheckpointError).map { $0.errno == ECONNRESET && $0.detail == closedWithoutAnswer } ?? false
    }

    static func encode(_ message: some SwiftProtobuf.Message, stage: String) throws(CheckpointError) -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            throw CheckpointError(stage: stage, detail: "cannot encode the request: \(error)")
        }
    }

    static func failure(_ response: Criu_Response, stage: String) -> CheckpointError {
        var code = response.hasErrorNumber && response.errorNumber > 0 ? response.errorNumber : nil
        var message = response.hasErrorMessage ? response.errorMessage.trimmingWhitespace() : ""
        // CRIU reports its first error; on a host without CAP_SYS_RESOURCE that is the harmless
        // RLIMIT_NOFILE one (with its EPERM), which explains nothing: the log excerpt follows.
        if CRIULog.explainsNothing(message) {
            message = ""
            code = nil
        }
        return CheckpointError(stage: stage, errno: code, detail: message.isEmpty ? "criu failed" : message)
    }

    static func result(of response: Criu_Response) -> CRIUResult {
        var result = CRIUResult()
        if response.hasRestore { result.restoredPid = response.restore.pid }
        if response.hasDump { result.dumpRestored = response.dump.restored }
        if response.hasFeatures {
            result.features = CRIUFeatures(memoryTracking: response.features.hasMemoryTracking ? response.features.memoryTracking : nil,
                                           lazyPages: response.features.hasLazyPages ? response.features.lazyPages : nil)
        }
        if response.hasVersion {
            let version = response.version
            result.version = "\(version.major).\(version.minor)" + (version.hasSublevel ? ".\(version.sublevel)" : "")
        }
        return result
    }
}
