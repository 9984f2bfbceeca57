#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import NamespaceCore

/// Post-copy's pages from a lazy dump whose CRIU runs in the container's own network namespace.
/// CRIU's RPC takes no ready connection for a lazy dump (`ps.fd` counts for a dump that sends
/// its pages only), so its page server listens in its own namespace, which reaches no other
/// host (and whose links are down while it is frozen). The destination's connection, made in
/// the host's namespace before the freeze, is joined here to one made to CRIU's server inside
/// that namespace, and the bytes are copied both ways on a thread of their own until both
/// sides have ended; one side's end is passed on to the other, so the destination's daemon
/// sees a CRIU that died, and CRIU a daemon that did.
public enum PageServerRelay {
    /// Connects to CRIU's page server on 127.0.0.1:`port` inside `namespace` (a descriptor; nil:
    /// ours) and starts copying between it and `destination`, which is duplicated (the caller
    /// keeps its own descriptor).
    public static func start(destination: Int32, toCRIUOn port: UInt16, inNamespace namespace: Int32?, stage: String) throws(CheckpointError) {
        let criu = try namespace.map { descriptor throws(CheckpointError) in
            try NetworkNamespace.socket(inNamespace: descriptor, domain: AF_INET, type: Int32(SOCK_STREAM.rawValue), stage: "\(stage): socket")
        } ?? socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard criu >= 0 else { throw CheckpointError(stage: "\(stage): socket", errno: errno) }
        var server = IPv4Address(127, 0, 0, 1).socketAddress(port: port)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let connected = withUnsafePointer(to: &server) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(criu, $0, length) } }
        guard connected == 0 else {
            let code = errno
            close(criu)
            throw CheckpointError(stage: "\(stage): connect to criu's page server on 127.0.0.1:\(port)", errno: code)
        }
        let far = fcntl(destination, F_DUPFD_CLOEXEC, 3)
        guard far >= 0 else {
            let code = errno
            close(criu)
            throw CheckpointError(stage: "\(stage): dup the destination's connection", errno: code)
        }
        DispatchQueue.global().async { copy(between: far, and: criu) }
    }

    /// Copies what either side sends to the other until both have ended, then closes both.
    /// A side that went away is a failed write, not our death: SIGPIPE is blocked in this
    /// thread only (as `RemoteImportSession.sendSection` does) and a pending one taken after.
    static func copy(between first: Int32, and second: Int32) {
        let pipeSignal = try? BlockedSignals([SIGPIPE], for: "the page server relay")
        defer { pipeSignal?.releaseDiscardingPending() }
        var open = [true, true]
        let ends = [first, second]
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while open[0] || open[1] {
            var watched = ends.indices.map { pollfd(fd: open[$0] ? ends[$0] : -1, events: Int16(POLLIN), revents: 0) }
            var polled: Int32
            repeat { polled = poll(&watched, 2, -1) } while polled < 0 && errno == EINTR
            guard polled > 0 else { break }
            for side in ends.indices where open[side] && watched[side].revents != 0 {
                let other = ends[1 - side]
                let count = buffer.withUnsafeMutableBytes { read(ends[side], $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    // This side ended (or failed): the other hears no more from it.
                    open[side] = false
                    _ = shutdown(other, Int32(SHUT_WR))
                    if count < 0 { _ = shutdown(ends[side], Int32(SHUT_RDWR)) }
                    continue
                }
                guard writeAll(other, buffer, count: count) else {
                    // The other side is gone: both directions end.
                    open = [false, false]
                    break
                }
            }
        }
        _ = shutdown(first, Int32(SHUT_RDWR))
        _ = shutdown(second, Int32(SHUT_RDWR))
        close(first)
        close(second)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], count: Int) -> Bool {
        var done = 0
        while done < count {
            let wrote = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return write(fd, base + done, count - done)
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { return false }
            done += wrote
        }
        return true
    }
}
