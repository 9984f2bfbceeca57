import Archive
import Foundation
import NamespaceCore
import Synchronization
import Testing

/// A tree walk moves only its own thread's working directory: libarchive's disk reader
/// fchdir()s through the tree, and a child spawned by another thread at that moment must not
/// start there.
@Suite struct TreeReaderWorkingDirectoryTests {
    /// A thread made before the walk (so it shares the process's working directory) that tells,
    /// when asked, where it stands.
    final class Observer: Sendable {
        let ask = DispatchSemaphore(value: 0)
        let answered = DispatchSemaphore(value: 0)
        let seen = Mutex<String?>(nil)

        func start() {
            Thread.detachNewThread { [self] in
                ask.wait()
                seen.withLock { $0 = FileManager.default.currentDirectoryPath }
                answered.signal()
            }
        }

        func whereItStands() -> String? {
            ask.signal()
            answered.wait()
            return seen.withLock { $0 }
        }
    }

    @Test func aChdirDuringTheWalkDoesNotMoveOtherThreads() throws {
        let tree = FileManager.default.temporaryDirectory.path + "/cbench-treecwd-" + UUID().uuidString
        try FileIO.makeDirectories(tree + "/a/b", mode: 0o755)
        defer { try? FileIO.removeTree(tree) }
        let before = FileManager.default.currentDirectoryPath
        let observer = Observer()
        observer.start()
        var seenDuringWalk: String?
        try TreeReader.walk(tree) { (_, relative) throws(CoreError) -> Bool in
            guard seenDuringWalk == nil else { return false }
            // Stands for libarchive's own fchdir into the tree; the walking thread goes back after.
            let back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if back >= 0 { _ = fchdir(back); close(back) } }
            guard chdir(tree + "/" + relative) == 0 else { throw CoreError(stage: "chdir \(relative)", errno: errno) }
            seenDuringWalk = observer.whereItStands()
            return false
        } data: { (_: UnsafeRawBufferPointer, _: Int64) throws(CoreError) in }
        #expect(seenDuringWalk == before)
        #expect(FileManager.default.currentDirectoryPath == before)
    }
}
