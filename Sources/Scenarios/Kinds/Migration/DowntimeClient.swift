import Foundation
import Glibc
import NamespaceCore

/// The client of the migration scenario: it sends a numbered UDP datagram to the service every
/// `interval` (1 ms) from one thread and records every reply on another, until `stop`.
/// The service (`cbench-probe --serve`) echoes the number with its counter appended.
public final class DowntimeClient: @unchecked Sendable {
    let fd: Int32
    let interval: UInt64
    private let lock = NSLock()
    private var replies: [DowntimeTrace.Reply] = []
    private var sent: UInt64 = 0
    private var stopping = false
    private var start: UInt64 = 0
    private let finished = DispatchGroup()

    /// A UDP socket connected to `address:port` (an IPv4 address on a bridge the scenario made),
    /// made in the network namespace at `namespace` (a lab host's) when one is given.
    public init(address: String, port: UInt16, namespace: String? = nil, interval: UInt64 = 1_000_000) throws {
        fd = try Self.connectedSocket(type: SOCK_DGRAM, address: address, port: port, namespace: namespace, stage: "downtime client")
        self.interval = interval
    }

    deinit { close(fd) }

    static func connectedSocket(type: __socket_type, address: String, port: UInt16, namespace: String? = nil,
                                stage: String) throws -> Int32 {
        let fd = try socket(type: type, namespace: namespace, stage: stage)
        var peer = sockaddr_in()
        peer.sin_family = sa_family_t(AF_INET)
        peer.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &peer.sin_addr) == 1 else {
            close(fd)
            throw CoreError(stage: stage, errno: EINVAL, detail: "'\(address)' is not an IPv4 address")
        }
        let connected = withUnsafePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw CoreError(stage: "\(stage): connect \(address):\(port)", errno: code)
        }
        return fd
    }

    /// An IPv4 socket here, or inside the network namespace at `namespace`.
    static func socket(type: __socket_type, namespace: String?, stage: String) throws -> Int32 {
        guard let namespace else {
            let fd = Glibc.socket(AF_INET, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw CoreError(stage: "\(stage): socket", errno: errno) }
            return fd
        }
        let descriptor = open(namespace, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CoreError(stage: "\(stage): open \(namespace)", errno: errno) }
        defer { close(descriptor) }
        return try NetworkNamespace.socket(inNamespace: descriptor, domain: AF_INET, type: Int32(type.rawValue), stage: "\(stage): socket in \(namespace)")
    }

    /// Waits up to `seconds` until the service answers one datagram.
    public func waitForService(seconds: Double) -> Bool {
        let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 256)
        while MonotonicClock.now() < deadline {
            _ = send(fd, "ready", 5, 0)
            if recv(fd, &buffer, buffer.count, 0) > 0 { return true }
        }
        return false
    }

    /// Starts sending and receiving on two threads of their own.
    public func begin() {
        start = MonotonicClock.now()
        finished.enter()
        finished.enter()
        Thread.detachNewThread { [self] in sendLoop(); finished.leave() }
        Thread.detachNewThread { [self] in receiveLoop(); finished.leave() }
    }

    /// Stops both threads and returns what the client saw.
    public func stop() -> DowntimeTrace {
        lock.withLock { stopping = true }
        finished.wait()
        return lock.withLock { DowntimeTrace(sent: sent, replies: replies, start: start, end: MonotonicClock.now()) }
    }

    /// Whether a reply came in after `instant` (the service answers again).
    public func hasAnswered(after instant: UInt64) -> Bool {
        lock.withLock { replies.last.map { $0.received > instant } ?? false }
    }

    var isStopping: Bool { lock.withLock { stopping } }

    func sendLoop() {
        var next = timespec()
        clock_gettime(CLOCK_MONOTONIC, &next)
        var sequence: UInt64 = 0
        while !isStopping {
            sequence += 1
            let text = String(sequence)
            // A lost datagram (no route while the address moves) is simply not answered.
            if send(fd, text, text.utf8.count, Int32(MSG_DONTWAIT)) >= 0 {
                lock.withLock { sent = sequence }
            }
            next.tv_nsec += Int(interval)
            while next.tv_nsec >= 1_000_000_000 {
                next.tv_nsec -= 1_000_000_000
                next.tv_sec += 1
            }
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nil) == EINTR {}
        }
    }

    func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 256)
        var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !isStopping {
            guard poll(&waiting, 1, 20) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count > 0 else { continue }
            let received = MonotonicClock.now()
            let words = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
            guard words.count == 2, let sequence = UInt64(words[0]), let counter = UInt64(words[1]) else { continue }
            lock.withLock { replies.append(DowntimeTrace.Reply(sequence: sequence, received: received, counter: counter)) }
        }
    }
}
