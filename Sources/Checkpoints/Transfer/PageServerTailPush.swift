#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Synchronization

/// CRIU corks the connection it sends a dump's pages over (TCP_CORK, page-xfer.c's
/// connect_to_page_server_to_send) and never uncorks it: the tail of its last pages and its
/// flush request then wait in the socket for the kernel's cork ceiling (200 ms), while CRIU,
/// inside the frozen window, waits for the page server's answer to that flush. Seen in every
/// stop-and-copy dump of mig12t's diagnosis (2026-12-05 10:35 UTC, debug build, 256 MB, both
/// modes): 120-231 ms between CRIU's "Disconnect from the page server" and its next line,
/// about 200 ms after its last page went. cbench made the connection and keeps its descriptor
/// (the same socket as CRIU's), so this watcher pushes a tail that has stopped leaving:
/// setting TCP_NODELAY sends the pending frames past the cork (`__tcp_sock_set_nodelay`).
public final class PageServerTailPush: Sendable {
    private struct State {
        var stopping = false
        var finished = false
        var pushes = 0
    }

    private let socket: Int32
    private let intervalMicroseconds: UInt32
    private let state = Mutex(State())

    private init(socket: Int32, intervalMicroseconds: UInt32) {
        self.socket = socket
        self.intervalMicroseconds = intervalMicroseconds
    }

    /// Watches `socket` (a connected TCP socket kept open until `stop`) every
    /// `intervalMicroseconds` on a thread of its own (a pool's thread may come late). Without
    /// a thread nothing is watched: CRIU's dump goes on as it would.
    public static func start(socket: Int32, intervalMicroseconds: UInt32 = 1_000) -> PageServerTailPush {
        let push = PageServerTailPush(socket: socket, intervalMicroseconds: intervalMicroseconds)
        do { try PlainThread.detached { push.watch() } } catch { push.state.withLock { $0.finished = true } }
        return push
    }

    /// A tail to push: bytes not yet sent that did not move since the last look, with nothing
    /// in flight (`queued`, unsent plus unacknowledged, is the unsent alone). A socket sending
    /// pages has bytes in flight or drains between two looks; a corked tail stays, alone.
    static func shouldPush(previousUnsent: Int32, unsent: Int32, queued: Int32) -> Bool {
        unsent > 0 && unsent == previousUnsent && queued == unsent
    }

    /// Ends the watch (it returns within one interval) and says how often it pushed.
    @discardableResult
    public func stop() -> Int {
        state.withLock { $0.stopping = true }
        while !state.withLock({ $0.finished }) { usleep(intervalMicroseconds / 4 + 1) }
        return state.withLock { $0.pushes }
    }

    private func watch() {
        var previous: Int32 = 0
        while !state.withLock({ $0.stopping }) {
            usleep(intervalMicroseconds)
            guard let unsent = Self.queuedBytes(socket, unsentOnly: true), let queued = Self.queuedBytes(socket, unsentOnly: false) else { break }
            if Self.shouldPush(previousUnsent: previous, unsent: unsent, queued: queued), Self.push(socket) {
                state.withLock { $0.pushes += 1 }
            }
            previous = unsent
        }
        state.withLock { $0.finished = true }
    }

    /// The send queue's bytes not sent yet (SIOCOUTQNSD, linux/sockios.h) or, not
    /// `unsentOnly`, those plus the ones sent but not acknowledged (SIOCOUTQ); nil when the
    /// socket cannot say (closed, not TCP).
    static func queuedBytes(_ socket: Int32, unsentOnly: Bool) -> Int32? {
        var bytes: Int32 = 0
        return ioctl(socket, unsentOnly ? UInt(0x894B) : UInt(TIOCOUTQ), &bytes) == 0 ? bytes : nil
    }

    static func push(_ socket: Int32) -> Bool {
        var on: Int32 = 1
        return setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size)) == 0
    }
}
