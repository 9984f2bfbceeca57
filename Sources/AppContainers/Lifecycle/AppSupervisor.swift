#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The detached supervisor of `run -d` / `start`: the lean C monitor (`cbench-monitor`), or
/// this program again (`app _supervise ID`) for a container that publishes ports, spawned
/// detached (a session of its own, stdio on /dev/null) with a pipe on descriptor 3 over
/// which it reports `ok` once the container runs, or its launch error.
enum AppSupervisor {
    static let reportDescriptor: Int32 = 3

    /// Spawns `command` detached and waits for its first line on descriptor 3: `answer`
    /// (`ok` from a supervisor, `ready` from the monitor), or `error MESSAGE`, thrown.
    static func spawn(command: [String], answer expected: String = "ok") throws {
        var ends: [Int32] = [-1, -1]
        guard AppPipe.make(&ends) == 0 else { throw CoreError.fromErrno("pipe") }
        defer { close(ends[0]) }
        let spawned = Result { () throws(CoreError) -> pid_t in try Spawn.detached(command, passing: [ends[1]]).start().pid }
        close(ends[1])
        let pid = try spawned.get()
        let answer = readAll(ends[0])
        if answer.hasPrefix(expected) {
            // It now lives on its own; it is not ours to reap.
            return
        }
        _ = try? ChildProcess.wait(pid)
        throw failure(answer)
    }

    /// The error an `error MESSAGE` line (or no line) stands for.
    static func failure(_ answer: String) -> CoreError {
        let message = answer.hasPrefix("error ") ? String(answer.dropFirst(6)) : "the supervisor exited without a word"
        return CoreError(stage: "start", detail: message.trimmingNewlines)
    }

    static func writeLine(_ text: String, to fd: Int32) {
        _ = FileIO.writeAll(fd, Array((text + "\n").utf8))
    }

    /// One line on the report pipe, which is closed afterwards.
    static func report(_ text: String, on fd: Int32) {
        guard fd >= 0 else { return }
        writeLine(text, to: fd)
        close(fd)
    }

    static func readAll(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.contains(0x0a) { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" { text.removeLast() }
        return String(text)
    }
}

/// pipe(2) with both ends close-on-exec (pipe2 is not in Swift's Glibc module).
enum AppPipe {
    static func make(_ ends: inout [Int32]) -> Int32 {
        guard pipe(&ends) == 0 else { return -1 }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return 0
    }
}
