#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppRuntime {
    /// The container's saved output (stdout and stderr, in order of arrival).
    public func logs(_ reference: String) throws -> [UInt8] {
        let id = try store.resolve(reference)
        do { return try FileIO.read(store.logPath(of: id), limit: 1 << 30) } catch where error.kind == .notFound {
            return []
        }
    }

    /// `logs -f`: the saved output, then what the container writes, until the process that
    /// keeps its log (the supervisor, or a foreground `run`) has ended and the rest is out.
    /// `pollMilliseconds` is how long it waits for more before looking again.
    public func followLogs(_ reference: String, pollMilliseconds: Int32 = 50, output: ([UInt8]) -> Void) throws {
        let id = try store.resolve(reference)
        let path = store.logPath(of: id)
        var fd = open(path, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { close(fd) } }
        while true {
            // Looked at before reading, so the output of a run that ends meanwhile is all read.
            let writer = store.loadRunState(of: id).flatMap { $0.supervisorIsAlive ? $0 : nil }
            if fd < 0 { fd = open(path, O_RDONLY | O_CLOEXEC) }
            if fd >= 0 { try Self.copyToEnd(fd, path: path, output: output) }
            guard let writer else { return }
            ProcessLiveness.waitUntilGone(pid: writer.supervisorPid, startTime: writer.supervisorStartTime,
                                          timeoutMilliseconds: pollMilliseconds)
        }
    }

    static func copyToEnd(_ fd: Int32, path: String, output: ([UInt8]) -> Void) throws(CoreError) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw CoreError.fromErrno("read \(path)") }
            if count == 0 { return }
            output(Array(buffer[0..<count]))
        }
    }
}
