#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore
@testable import Checkpoints

/// The tail CRIU leaves corked on a page server connection is pushed by cbench's watcher: a
/// corked connection on loopback (real sockets, no root) whose few bytes do not leave gets a
/// push, and its peer reads them; a connection with nothing unsent gets none.
struct PageServerTailPushTests {
    @Test func onlyBytesThatStayUnsentWithNothingInFlightArePushed() {
        #expect(PageServerTailPush.shouldPush(previousUnsent: 24, unsent: 24, queued: 24))
        #expect(!PageServerTailPush.shouldPush(previousUnsent: 0, unsent: 24, queued: 24))
        #expect(!PageServerTailPush.shouldPush(previousUnsent: 4_194_304, unsent: 1_048_576, queued: 2_097_152))
        #expect(!PageServerTailPush.shouldPush(previousUnsent: 0, unsent: 0, queued: 0))
        // A window-limited send: the same bytes wait, others are in flight.
        #expect(!PageServerTailPush.shouldPush(previousUnsent: 65_536, unsent: 65_536, queued: 3_145_728))
    }

    /// A connection on loopback: the sending end (as CRIU gets it) and the receiving one.
    static func withConnection(_ body: (_ sender: Int32, _ receiver: Int32) throws -> Void) throws {
        let held = try ReservedPort.reserve(on: IPv4Address(127, 0, 0, 1), stage: "test")
        defer { held.release() }
        try held.listen()
        let sender = try PageServerConnection.connect(to: held.pageServerAddress, stage: "test")
        defer { close(sender) }
        let receiver = try held.accept(timeoutMilliseconds: 5_000)
        defer { close(receiver) }
        try body(sender, receiver)
    }

    @Test func aCorkedTailIsPushedToThePeer() throws {
        try Self.withConnection { sender, receiver in
            var on: Int32 = 1
            #expect(setsockopt(sender, Int32(IPPROTO_TCP), TCP_CORK, &on, socklen_t(MemoryLayout<Int32>.size)) == 0)
            let push = PageServerTailPush.start(socket: sender)
            // A flush request's size: less than a segment, so the cork holds it.
            var request = [UInt8](repeating: 7, count: 24)
            #expect(write(sender, &request, request.count) == request.count)
            var waiting = pollfd(fd: receiver, events: Int16(POLLIN), revents: 0)
            #expect(poll(&waiting, 1, 5_000) == 1)
            var got = [UInt8](repeating: 0, count: 24)
            #expect(read(receiver, &got, got.count) == 24 && got == request)
            #expect(push.stop() >= 1)
        }
    }

    @Test func aConnectionWithNothingUnsentIsLeftAlone() throws {
        try Self.withConnection { sender, _ in
            let push = PageServerTailPush.start(socket: sender)
            usleep(20_000)
            #expect(push.stop() == 0)
        }
    }
}
