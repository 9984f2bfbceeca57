#if canImport(Glibc)
import Glibc
#endif
import CShim

/// One pipe of a container's output copied to several descriptors (the terminal and the log).
public struct OutputCopy: Sendable {
    public var source: Int32
    public var targets: [Int32]

    public init(source: Int32, targets: [Int32]) {
        self.source = source
        self.targets = targets
    }

    /// Copies what is there; false at end of file.
    func pump() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        if count == 0 { return false }
        for target in targets {
            buffer.withUnsafeBytes { _ = FileIO.writeAll(target, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return true
    }
}

/// Waiting for a container while passing signals on, as `runc run` and `docker run` do: the
/// signals are blocked and read from a signalfd polled with the process's pidfd and its output
/// pipes, so no handler and no thread is needed.
public enum SignalForwarding {
    /// What a foreground run passes on to its container.
    public static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH]

    /// Blocks `signals` (and ignores SIGPIPE, so a closed terminal pipe is an error, not our
    /// end) while `body` runs with a signalfd for them.
    public static func blocking<T>(_ signals: [Int32], _ body: (Int32) throws -> T) throws -> T {
        let blocked = try BlockedSignals(signals, for: "wait")
        defer { blocked.release() }
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, oldPipe) }
        return try body(blocked.descriptor)
    }

    /// Until the process ends: forward signals, copy output. Then drain the pipes (every
    /// process of the container's pid namespace is gone with its init, so they reach EOF).
    /// A signal in `stopping` is not passed on (an init ignores SIGTERM it has no handler
    /// for): the process is killed (SIGKILL, and with its init the whole pid namespace) and
    /// `stopped` is told which signal did it, also when it comes while the output drains
    /// after the process ended.
    public static func wait(for process: ContainerProcess, signals signalFD: Int32, copying copies: [OutputCopy] = [],
                            stopping: Set<Int32> = [], stopped: (Int32) -> Void = { _ in }) throws -> ExitStatus {
        var open = copies
        var exited = false
        while true {
            var fds = [pollfd(fd: exited ? -1 : process.pidfd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0)]
            fds += open.map { pollfd(fd: $0.source, events: Int16(POLLIN), revents: 0) }
            if exited && open.isEmpty { break }
            if try pollRetrying(&fds, timeout: exited ? 2000 : -1) == 0 { break }
            if fds[1].revents & Int16(POLLIN) != 0, let signal = nextSignal(signalFD) {
                if stopping.contains(signal) {
                    // Told even when the process has just ended by itself: the caller asked to
                    // stop, and a build must not go on to commit the step and run the next.
                    stopped(signal)
                    if !exited { try? process.signal(SIGKILL) }
                } else if !exited {
                    try? process.signal(signal)
                }
            }
            var stillOpen: [OutputCopy] = []
            for (index, copy) in open.enumerated() {
                let events = fds[index + 2].revents
                if events == 0 || copy.pump() { stillOpen.append(copy) }
            }
            open = stillOpen
            if !exited && fds[0].revents != 0 { exited = true }
        }
        return try process.wait()
    }

    /// poll(2), again after EINTR; the number of ready descriptors, 0 when `timeout` (ms) passed.
    static func pollRetrying(_ fds: inout [pollfd], timeout: Int32) throws(CoreError) -> Int32 {
        while true {
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready >= 0 { return ready }
            if errno != EINTR { throw CoreError.fromErrno("poll pidfd") }
        }
    }

    /// The number of the signal read from `signalFD`; nil when none could be read.
    static func nextSignal(_ signalFD: Int32) -> Int32? {
        var info = signalfd_siginfo()
        guard read(signalFD, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size else { return nil }
        return Int32(info.ssi_signo)
    }
}
