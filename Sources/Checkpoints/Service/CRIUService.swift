#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Drives CRIU through its RPC service, as runc does: `criu swrk 3` with one end of a
/// SOCK_SEQPACKET pair at descriptor 3, a protobuf request, then notifications answered
/// until the response. The image and work directories travel as descriptors of this process;
/// descriptors the restored tree inherits are placed at fixed numbers in CRIU's process.
public struct CRIUService: Sendable {
    public var executable: String
    public var starter: any CRIUProcessStarting

    public init(executable: String? = nil, starter: any CRIUProcessStarting = CRIUProcessStarter()) {
        self.executable = executable ?? CRIUService.locate()
        self.starter = starter
    }

    /// `CBENCH_CRIU`, else `criu` on PATH, else the copy Scripts/setup provisions.
    public static func locate(environment: [String: String]? = nil) -> String {
        let chosen = environment.map { $0["CBENCH_CRIU"] } ?? getenv("CBENCH_CRIU").map { String(cString: $0) }
        if let chosen, !chosen.isEmpty { return chosen }
        return find(environment: environment) ?? provisioned
    }

    /// `criu` on PATH (this process's, or `environment`'s), else the provisioned copy when it
    /// is there; nil when neither is.
    public static func find(environment: [String: String]? = nil) -> String? {
        ExecutablePath.find("criu", environment: environment) ?? ExecutablePath.find(provisioned)
    }

    /// Where Scripts/provision-criu puts criu 4 (Debian 12's 3.17 fails on recent kernels).
    public static let provisioned = "/usr/local/sbin/criu"

    /// Runs one request. `descriptors` maps numbers in CRIU's process to descriptors of this
    /// one (what `inheritedDescriptors` name); `stage` starts every error's text.
    @discardableResult
    public func run(_ request: CRIURequest, passing descriptors: [Int32: Int32] = [:], stage: String,
                    notify: CRIUNotificationHandler = { _ in }) throws -> CRIUResult {
        try spawn(passing: descriptors, stage: stage).run(request, stage: stage, notify: notify)
    }

    /// Starts `criu swrk` with `descriptors` placed, to take its request later (`CRIUWorker.run`):
    /// CRIU's exec and the loading of its libraries (about 9 ms here, through the provisioned
    /// tree's loader) then happen before what must wait for the request (a dump's freeze, a
    /// restore's root and cgroup) instead of after it.
    /// `networkNamespace`: CRIU starts there, the tree's own namespace (a dump's) or one made
    /// and wired for it (a restore's): that namespace is CRIU's own then, neither dumped (no
    /// walk of the host's conntrack table) nor made by CRIU, and the restored tree stays in it.
    public func spawn(passing descriptors: [Int32: Int32] = [:], networkNamespace: Int32? = nil, stage: String) throws -> CRIUWorker {
        guard access(executable, X_OK) == 0 else {
            throw CheckpointError(stage: stage, errno: ENOENT, detail: "criu not found at \(executable); run Scripts/setup (it provisions criu 4)")
        }
        let (connection, criuEnd) = try SocketCRIUConnection.pair()
        var mapped = descriptors
        mapped[3] = criuEnd
        let pid: pid_t
        do {
            pid = try starter.start([executable, "swrk", "3"], descriptors: mapped, outputPath: nil, networkNamespace: networkNamespace)
        } catch {
            close(criuEnd)
            throw error
        }
        close(criuEnd)
        return CRIUWorker(service: self, pid: pid, connection: connection)
    }

    /// " (LOG: first error line)" from CRIU's log, for the one-line error.
    func logExcerpt(_ request: CRIURequest) -> String {
        let path = "\(request.workDirectory ?? request.imageDirectory)/\(request.logFile)"
        guard let line = CRIULog.firstError(in: path) else { return " (log: \(path))" }
        return " (\(path): \(line))"
    }

    static func openDirectory(_ path: String, stage: String) throws(CheckpointError) -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckpointError(stage: "\(stage): open \(path)", errno: errno) }
        return fd
    }
}

/// A `criu swrk` waiting for its one request (`CRIUService.spawn`). `run` sends it and reaps
/// CRIU; `cancel` ends one that will get none. Either is called once.
public final class CRIUWorker {
    let service: CRIUService
    public let pid: pid_t
    let connection: SocketCRIUConnection
    private var reaped = false

    init(service: CRIUService, pid: pid_t, connection: SocketCRIUConnection) {
        self.service = service
        self.pid = pid
        self.connection = connection
    }

    deinit { cancel() }

    /// `watching`: a child the request depends on (`CRIUWatchedProcess`); when it fails, CRIU
    /// is killed (it would wait forever on what the child no longer serves). `whenCRIUDies`
    /// runs when CRIU's socket closed without an answer, before CRIU is reaped: CRIU's
    /// descriptors close early in its exit, the tasks it traced are let go at its end.
    @discardableResult
    public func run(_ request: CRIURequest, stage: String, watching: CRIUWatchedProcess? = nil,
                    notify: CRIUNotificationHandler = { _ in }, whenCRIUDies: (() -> Void)? = nil) throws -> CRIUResult {
        defer { cancel() }
        let images = try CRIUService.openDirectory(request.imageDirectory, stage: stage)
        defer { close(images) }
        let work = try request.workDirectory.map { path throws(CheckpointError) in try CRIUService.openDirectory(path, stage: stage) }
        defer { if let work { close(work) } }
        let outcome = Result { try CRIUConversation.run(request.message(imagesFD: images, workFD: work), over: connection,
                                                        stage: stage, watching: watching, notify: notify) }
        if case .failure(let error) = outcome {
            if watching?.failure != nil { kill(pid, SIGKILL) } else if CRIUConversation.criuDied(error) { whenCRIUDies?() }
        }
        let status = finish()
        switch outcome {
        case .success(let result):
            if status != 0 && request.kind != .preDump {
                throw CheckpointError(stage: stage, detail: "criu exited with \(status)\(service.logExcerpt(request))")
            }
            return result
        case .failure(let error as CheckpointError):
            var explained = error
            explained.detail = (error.detail ?? "criu failed") + service.logExcerpt(request)
            throw explained
        case .failure(let error):
            throw error
        }
    }

    /// CRIU leaves once its end sees ours close; it is reaped (its status, as a shell shows it).
    @discardableResult
    func finish() -> Int32 {
        guard !reaped else { return 0 }
        reaped = true
        _ = shutdown(connection.fd, Int32(SHUT_RDWR))
        return service.starter.wait(pid)
    }

    /// Ends a worker that gets no request (or whose request is done) and reaps it.
    public func cancel() {
        finish()
    }
}
