import CShim
import Glibc
import NamespaceCore
import Synchronization
import Targets

/// The host's side of `cbench-work gate`: a unix socket the workload connects to from inside
/// its container (the socket's directory is bind-mounted in) before it starts. The kernel
/// gives the connection's pid in the host's pid namespace (SO_PEERCRED), whatever namespace
/// the container has, so the host finds the workload, opens its counters, and only then
/// lets it go (`release`), so every counter sees the whole workload and nothing before it.
final class WorkloadGate: Sendable {
    let path: String
    private struct Descriptors {
        var listener: Int32 = -1
        var connection: Int32 = -1
        var cancelled = false
    }
    private let state = Mutex(Descriptors())

    init(path: String) throws {
        self.path = path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw CoreError.fromErrno("gate socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(listener)
            throw CoreError(stage: "gate socket \(path)", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        // Root inside an unprivileged container is another host uid: connecting needs write
        // permission on the socket file.
        guard bound == 0, chmod(path, 0o666) == 0, listen(listener, 1) == 0 else {
            let code = errno
            Glibc.close(listener)
            throw CoreError(stage: "gate socket bind/chmod/listen \(path)", errno: code)
        }
        state.withLock { $0.listener = listener }
    }

    /// Waits for the workload to connect and returns its host pid. Gives up when `running`
    /// says the container ended first, after `timeout` seconds, or when cancelled.
    func accept(timeout: Double, running: () -> Bool) throws -> pid_t {
        let deadline = MonotonicClock.now() + UInt64(timeout * 1e9)
        while true {
            let listener = state.withLock { $0.cancelled ? -1 : $0.listener }
            guard listener >= 0 else { throw StepFailure(stage: "gate", "stopped before the workload reached its gate") }
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                var pid: pid_t = 0
                let connection = cshim_accept_peer(listener, &pid)
                guard connection >= 0 else { throw CoreError.fromErrno("gate accept") }
                state.withLock { $0.connection = connection }
                return pid
            }
            guard running() else { throw StepFailure(stage: "gate", "the container ended before its workload reached the gate") }
            guard MonotonicClock.now() < deadline else {
                throw StepFailure(stage: "gate", "the workload did not reach its gate within \(Int(timeout)) s")
            }
        }
    }

    /// Lets the workload start.
    func release() throws {
        let connection = state.withLock { $0.connection }
        var go = UInt8(ascii: "g")
        guard connection >= 0, write(connection, &go, 1) == 1 else { throw CoreError.fromErrno("gate release") }
    }

    /// Makes a waiting `accept` give up (from another thread: a timeout, Ctrl-C).
    func cancel() {
        state.withLock { $0.cancelled = true }
    }

    /// Closes both ends and removes the socket file.
    func close() {
        state.withLock { descriptors in
            for fd in [descriptors.listener, descriptors.connection] where fd >= 0 { Glibc.close(fd) }
            descriptors = Descriptors(cancelled: true)
        }
        unlink(path)
    }

    deinit { close() }
}
