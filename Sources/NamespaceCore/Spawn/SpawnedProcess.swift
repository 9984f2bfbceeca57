#if canImport(Glibc)
import Glibc
#endif

/// A program `Spawn.start()` started: its pid, and the anonymous files holding what it writes
/// to captured outputs (closed when this goes away).
public final class SpawnedProcess: Sendable {
    public let pid: pid_t
    let stdout: Spawn.Output
    let stderr: Spawn.Output
    let captures: Captures

    init(pid: pid_t, stdout: Spawn.Output, stderr: Spawn.Output, captures: Captures) {
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
        self.captures = captures
    }

    deinit {
        captures.closeAll()
    }

    /// Waits for the program to end, reaps it, and reads back what it wrote.
    public func wait() throws(CoreError) -> SpawnResult {
        let exit = try ChildProcess.wait(pid)
        return SpawnResult(exit: exit, stdout: Self.written(to: stdout, capture: captures.stdout),
                           stderr: Self.written(to: stderr, capture: captures.stderr))
    }

    /// A capture from its start, a truncated file as it is now; nothing for the other outputs.
    private static func written(to output: Spawn.Output, capture: Int32) -> String {
        let bytes: [UInt8]?
        switch output {
        case .capture: bytes = lseek(capture, 0, SEEK_SET) == 0 ? try? FileIO.readAll(fd: capture) : nil
        case .file(let path): bytes = try? FileIO.read(path)
        case .null, .appending, .stdout: bytes = nil
        }
        return String(decoding: bytes ?? [], as: UTF8.self)
    }
}
