#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Starts CRIU as `inner` does and remembers the pid of the one running, for `abort`.
public final class CRIUPidRecorder: CRIUProcessStarting {
    let inner: any CRIUProcessStarting
    private let pid = Mutex<pid_t?>(nil)

    public init(_ inner: any CRIUProcessStarting) {
        self.inner = inner
    }

    public var running: pid_t? { pid.withLock { $0 } }

    public func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?,
               networkNamespace: Int32?) throws(CheckpointError) -> pid_t {
        let started = try inner.start(arguments, descriptors: descriptors, outputPath: outputPath, networkNamespace: networkNamespace)
        pid.withLock { $0 = started }
        return started
    }

    public func wait(_ started: pid_t) -> Int32 {
        let status = inner.wait(started)
        pid.withLock { if $0 == started { $0 = nil } }
        return status
    }
}
