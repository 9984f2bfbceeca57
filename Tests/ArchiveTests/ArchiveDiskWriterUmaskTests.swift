import Archive
import Foundation
import NamespaceCore
import Synchronization
import Testing

/// libarchive's disk writer sets the umask to 0 for a moment on the thread that makes it; the
/// umask is the process's unless that thread has its own, and a directory another thread made
/// in that moment came out 0777. The writer's thread therefore has its own from then on: what
/// it does to its umask stays with it.
@Suite struct ArchiveDiskWriterUmaskTests {
    /// This thread's umask as the kernel reports it, without changing it.
    static func umaskOfThisThread() throws -> String {
        let status = try String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        return line.split(separator: "\t").last.map(String.init) ?? ""
    }

    @Test func aUmaskChangeOnTheWritersThreadStaysOnIt() throws {
        let root = FileManager.default.temporaryDirectory.path + "/cbench-writer-umask-" + UUID().uuidString
        try FileIO.makeDirectories(root, mode: 0o755)
        defer { try? FileIO.removeTree(root) }
        let before = try Self.umaskOfThisThread()
        let changed = DispatchSemaphore(value: 0), checked = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        Thread.detachNewThread {
            do {
                let writer = try ArchiveDiskWriter(root: root)
                // Stands for libarchive's own umask(0): set on the writer's thread, then given back.
                let previous = umask(0o077)
                changed.signal()
                checked.wait()
                umask(previous)
                _ = writer
            } catch {
                failure.withLock { $0 = "\(error)" }
                changed.signal()
            }
            done.signal()
        }
        changed.wait()
        let seenMeanwhile = try Self.umaskOfThisThread()
        checked.signal()
        done.wait()
        #expect(failure.withLock { $0 } == nil)
        #expect(seenMeanwhile == before, "another thread's umask moved with the writer's: \(seenMeanwhile)")
    }
}
