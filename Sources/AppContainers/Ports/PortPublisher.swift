#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Synchronization

/// Publishes container TCP ports on host loopback addresses. `bind` opens every listening
/// socket first (before the container exists, so a taken port fails with nothing made);
/// `serve` then forwards each accepted connection to 127.0.0.1:PORT inside the container's
/// network namespace (so it works for every network mode, none included); `close` stops it.
/// It runs in whichever process supervises the container, on threads of its own.
public final class PortPublisher: Sendable {
    public let mappings: [PortMapping]
    private let state: Mutex<State>

    struct State: ~Copyable {
        var listeners: [Int32]
        var connections: Set<Int32> = []
        var serving = false
        var closed = false
        var wakeWrite: Int32 = -1
    }

    private init(mappings: [PortMapping], listeners: [Int32]) {
        self.mappings = mappings
        self.state = Mutex(State(listeners: listeners))
    }

    /// Call BEFORE creating the container: opens a listening socket for every mapping. A port
    /// already taken (or given twice) is a one-line error naming it; nothing stays open then.
    public static func bind(_ mappings: [PortMapping]) throws -> PortPublisher {
        var listeners: [Int32] = []
        do {
            for mapping in mappings {
                listeners.append(try TCPSocket.listen(host: mapping.hostAddress, port: mapping.hostPort))
            }
        } catch {
            for fd in listeners { Glibc.close(fd) }
            throw error
        }
        return PortPublisher(mappings: mappings, listeners: listeners)
    }

    /// Serves `mappings` on listening sockets opened elsewhere (a forwarder process is
    /// handed those its parent bound), in the same order; owned from now on.
    public static func adopting(listeners: [Int32], mappings: [PortMapping]) -> PortPublisher {
        for fd in listeners { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return PortPublisher(mappings: mappings, listeners: listeners)
    }

    /// Call once the container's network namespace is held (its process may still wait at the
    /// start gate: connections made before the server listens are simply refused). Starts one
    /// accepting thread per mapping and returns; the publisher keeps its own copy of `namespace`.
    public func serve(in namespace: HeldNetworkNamespace) throws {
        let netns = fcntl(namespace.descriptor, F_DUPFD_CLOEXEC, 0)
        guard netns >= 0 else { throw CoreError.fromErrno("dup the held network namespace") }
        if Self.isOwnNetworkNamespace(netns), let looping = mappings.first(where: { $0.hostAddress == "127.0.0.1" && $0.hostPort == $0.containerPort }) {
            Glibc.close(netns)
            throw CoreError(stage: "publish \(looping)", detail: "the container shares the host's network, so its port \(looping.containerPort) is already on the host: drop -p (or use another host port)")
        }
        var pipeFDs: [Int32] = [-1, -1]
        // pipe2 and accept4 are hidden from Swift's Glibc (no _GNU_SOURCE): FD_CLOEXEC follows.
        guard pipe(&pipeFDs) == 0 else {
            Glibc.close(netns)
            throw CoreError.fromErrno("pipe")
        }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let listeners = state.withLock { state -> [Int32]? in
            guard !state.serving, !state.closed else { return nil }
            state.serving = true
            state.wakeWrite = pipeFDs[1]
            return state.listeners
        }
        guard let listeners else {
            Glibc.close(netns); Glibc.close(pipeFDs[0]); Glibc.close(pipeFDs[1])
            throw CoreError(stage: "publish ports", detail: "already serving or closed")
        }
        let acceptors = Mutex(listeners.count)
        let wakeRead = pipeFDs[0]
        for (mapping, listener) in zip(mappings, listeners) {
            try PlainThread.detached { [self] in
                self.acceptLoop(listener: listener, wake: wakeRead, netns: netns, port: mapping.containerPort)
                // The last acceptor out closes what they shared.
                let last = acceptors.withLock { count -> Bool in
                    count -= 1
                    return count == 0
                }
                if last {
                    Glibc.close(netns)
                    Glibc.close(wakeRead)
                }
            }
        }
    }

    /// Stops accepting, cuts every forwarded connection and closes the listening sockets.
    /// Safe to call more than once, and without `serve`.
    public func close() {
        let (listeners, wake, serving) = state.withLock { state -> ([Int32], Int32, Bool) in
            if state.closed { return ([], -1, false) }
            state.closed = true
            let listeners = state.listeners
            state.listeners = []
            // Under the lock: a connection's descriptor is closed only after it left the set.
            for fd in state.connections { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            return (listeners, state.wakeWrite, state.serving)
        }
        if serving {
            // The acceptors see the pipe close and close their listeners themselves.
            if wake >= 0 { Glibc.close(wake) }
        } else {
            for fd in listeners { Glibc.close(fd) }
        }
    }

    deinit { close() }

    /// Whether `fd` is the network namespace this process is in (host network mode), where
    /// forwarding 127.0.0.1:P to 127.0.0.1:P would reach the listener itself.
    static func isOwnNetworkNamespace(_ fd: Int32) -> Bool {
        var target = stat()
        var own = stat()
        guard fstat(fd, &target) == 0, stat("/proc/self/ns/net", &own) == 0 else { return false }
        return target.st_ino == own.st_ino && target.st_dev == own.st_dev
    }

    private func acceptLoop(listener: Int32, wake: Int32, netns: Int32, port: UInt16) {
        defer { Glibc.close(listener) }
        var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.connections.insert(client)
                return true
            }
            guard accepted else {
                Glibc.close(client)
                return
            }
            do {
                try PlainThread.detached { [self] in self.forward(client: client, netns: netns, port: port) }
            } catch {
                finish(client)
            }
        }
    }

    /// One connection: dial the container (on this thread, which may enter its namespace),
    /// copy container-to-client here and client-to-container on a second thread.
    private func forward(client: Int32, netns: Int32, port: UInt16) {
        guard let upstream = try? TCPSocket.connectInside(netnsFD: netns, port: port) else {
            finish(client)
            return
        }
        let remaining = Mutex(2)
        let done: @Sendable () -> Void = { [self] in
            let last = remaining.withLock { count -> Bool in
                count -= 1
                return count == 0
            }
            if last {
                Glibc.close(upstream)
                self.finish(client)
            }
        }
        do {
            try PlainThread.detached {
                TCPSocket.pump(from: client, to: upstream)
                done()
            }
        } catch {
            Glibc.close(upstream)
            finish(client)
            return
        }
        TCPSocket.pump(from: upstream, to: client)
        done()
    }

    private func finish(_ client: Int32) {
        state.withLock { _ = $0.connections.remove(client) }
        Glibc.close(client)
    }
}
