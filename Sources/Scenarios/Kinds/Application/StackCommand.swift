import Glibc
import NamespaceCore

/// A host program a stack build runs (debootstrap, apt-get, cbench app build): its output in
/// a file, each new line handed to `line` while it runs (the progress), stopped with its
/// process group when a stop is requested (SIGTERM, SIGKILL if it has not ended within a
/// grace period), and a non-zero exit an error naming the step with
/// the last lines it wrote.
enum StackCommand {
    static func run(_ arguments: [String], stage: String, environment: [String: String] = [:], directory: String? = nil,
                    output: String, errors: String? = nil, stop: StopSignal?, stopGrace: Double = stopGraceSeconds,
                    line: ((String) -> Void)? = nil) throws {
        let command = Spawn(arguments, environment: environment, stdout: .file(output),
                            stderr: errors.map { .file($0) } ?? .stdout, directory: directory)
        let process: SpawnedProcess
        do {
            process = try command.start()
        } catch {
            throw StackCache.stepError(stage, detail: "\(arguments[0]) could not be started: \(error)")
        }
        var reader = LineReader(path: output)
        var exit: ExitStatus?
        while exit == nil {
            exit = ChildProcess.exited(process.pid)
            if let line { reader.newLines().forEach(line) }
            if exit != nil { break }
            if stop?.isRequested == true {
                let killed = end(group: process.pid, grace: stopGrace)
                let how = killed ? "; it did not end within \(stopGrace) s of SIGTERM and was killed" : ""
                throw StackCache.stepError(stage, detail: "stopped by \(stop?.reason ?? "a stop request")\(how)")
            }
            usleep(200_000)
        }
        guard let exit, exit.exitCodeForShell != 0 else { return }
        let tail = lastLines(errors ?? output, count: 12)
        throw StackCache.stepError(stage, detail: "\(arguments[0]) \(exit)" + (tail.isEmpty ? "" : ":\n" + tail))
    }

    /// How long a stopped command's process group has to end after SIGTERM before SIGKILL:
    /// `cbench app build` kills its RUN step's container and removes it in that time.
    static let stopGraceSeconds = 30.0

    /// SIGTERM to the process group `leader` leads (the command and what it started in its
    /// group), up to `grace` seconds for the leader to end, then SIGKILL to the group; the
    /// leader reaped either way. True when it had to be killed.
    static func end(group leader: pid_t, grace: Double) -> Bool {
        kill(-leader, SIGTERM)
        let deadline = MonotonicClock.now() + UInt64(grace * 1e9)
        while MonotonicClock.now() < deadline {
            if ChildProcess.exited(leader) != nil { return false }
            usleep(50_000)
        }
        kill(-leader, SIGKILL)
        _ = try? ChildProcess.wait(leader)
        return true
    }

    static func lastLines(_ path: String, count: Int) -> String {
        FileIO.contents(path).split(separator: "\n").suffix(count).map { "    " + $0 }.joined(separator: "\n")
    }

    /// Reads a growing file line by line.
    struct LineReader {
        let path: String
        var offset = 0
        var pending = ""

        init(path: String) {
            self.path = path
        }

        mutating func newLines() -> [String] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return [] }
            defer { close(fd) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
                guard count > 0 else { break }
                pending += String(decoding: chunk[0..<count], as: UTF8.self)
                offset += count
            }
            var lines = pending.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            pending = lines.removeLast()
            return lines
        }
    }
}
