#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import Synchronization

/// Ends, by pid, the processes a test picks among those that start after it is made, watching
/// /proc every millisecond until `stop`: each that `killing` picks, once `armedBy` (nil: at
/// once) has seen one process of its own.
final class NewProcessKiller: Sendable {
    typealias Pick = @Sendable (_ pid: Int32, _ words: [String]) -> Bool

    private let state = Mutex<(stopped: Bool, armed: Bool, killed: Int32?)>((false, false, nil))
    private let ended = DispatchSemaphore(value: 0)

    init(armedBy armed: Pick? = nil, killing picks: @escaping Pick) {
        let present = Set(Self.processes().map(\.pid))
        state.withLock { $0.armed = armed == nil }
        DispatchQueue.global().async { [self] in
            while !state.withLock({ $0.stopped }) {
                let started = Self.processes().filter { !present.contains($0.pid) }
                if let armed, !state.withLock({ $0.armed }), started.contains(where: { armed($0.pid, $0.words) }) {
                    state.withLock { $0.armed = true }
                }
                if state.withLock({ $0.armed }) {
                    for process in started where picks(process.pid, process.words) && kill(process.pid, SIGKILL) == 0 {
                        state.withLock { $0.killed = $0.killed ?? process.pid }
                    }
                }
                usleep(1_000)
            }
            ended.signal()
        }
    }

    /// Stops watching; the first process it ended, if any.
    func stop() -> Int32? {
        state.withLock { $0.stopped = true }
        ended.wait()
        return state.withLock { $0.killed }
    }

    /// Every process with its command line's words.
    static func processes() -> [(pid: Int32, words: [String])] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid in
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            return (pid, bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// A process's network namespace (`net:[INODE]`), nil once it is gone.
    static func networkNamespace(of pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")
    }

    /// Every `criu lazy-pages` daemon given a connection (`--ps-socket`: a post-copy destination's).
    static func lazyPagesDaemons() -> NewProcessKiller {
        NewProcessKiller { _, words in words.contains("lazy-pages") && words.contains("--ps-socket") }
    }

    /// A stop-and-copy destination's prepared CRIU (`criu swrk`, waiting in the namespace the
    /// destination made), once the source's dump runs: its CRIU, in `sourceNamespace` (the
    /// tree's own), has started. The destination's restore then fails after the dump.
    static func preparedRestore(whileSourceDumpsIn sourceNamespace: String) -> NewProcessKiller {
        let isService: @Sendable ([String]) -> Bool = { words in words.count >= 2 && words[0].hasSuffix("criu") && words[1] == "swrk" }
        return NewProcessKiller(armedBy: { pid, words in isService(words) && networkNamespace(of: pid) == sourceNamespace },
                                killing: { pid, words in
                                    guard isService(words), let namespace = networkNamespace(of: pid) else { return false }
                                    return namespace != sourceNamespace
                                })
    }
}
