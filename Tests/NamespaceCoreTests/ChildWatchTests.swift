#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCoreTesting
@testable import NamespaceCore

/// The one wait on a child (`ChildWatch`) that both `ChildProcess.exited(_:withinMilliseconds:)`
/// and CRIU's conversation (`CRIUWatchedProcess`) sleep in: the first of the child's end, a
/// readable descriptor and the time is told; the end once, with its status, the child reaped.
@Suite struct ChildWatchTests {
    /// A pipe; its write end written once makes the read end readable.
    private func pipePair() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    @Test func aChildsEndIsToldOnceThenOnlyTheDescriptorCounts() throws {
        let (readEnd, writeEnd) = try pipePair()
        defer { close(readEnd); close(writeEnd) }
        let child = try Spawn(["sh", "-c", "exit 3"], stdout: .null, stderr: .null).start()
        let watch = ChildWatch(pid: child.pid)
        #expect(try watch.next(readable: readEnd) == .ended(.exited(3)))
        #expect(kill(child.pid, 0) != 0 && errno == ESRCH, "reaped")
        #expect(try watch.next(readable: readEnd, withinMilliseconds: 20) == .timedOut, "the end is not told twice")
        #expect(write(writeEnd, "x", 1) == 1)
        #expect(try watch.next(readable: readEnd) == .readable)
    }

    @Test func aReadableDescriptorComesBeforeARunningChildsEnd() throws {
        let (readEnd, writeEnd) = try pipePair()
        defer { close(readEnd); close(writeEnd) }
        let child = try Spawn(["sleep", "30"], stdout: .null, stderr: .null).start()
        let watch = ChildWatch(pid: child.pid)
        #expect(try watch.next(withinMilliseconds: 20) == .timedOut)
        #expect(write(writeEnd, "x", 1) == 1)
        #expect(try watch.next(readable: readEnd) == .readable)
        #expect(kill(child.pid, SIGKILL) == 0)
        #expect(try watch.next() == .ended(.signaled(SIGKILL)))
        #expect(try watch.next() == .timedOut, "nothing left to wait for: no sleep for ever")
    }

    @Test func aProcessThatIsNoChildOfOursIsGone() throws {
        #expect(try ChildWatch(pid: 1).next(withinMilliseconds: 20) == .gone)
    }
}
