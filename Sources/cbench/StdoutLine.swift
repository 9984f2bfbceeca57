#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A line a move's source waits for on this command's stdout (`ready`, `root`, `pages PORT`,
/// `prepared`, `pre-dumped N`): written at once with one write(2), never buffered, or the
/// source would wait for it with the container frozen.
enum StdoutLine {
    static func say(_ line: String, stage: String) throws {
        let bytes = Array(line.utf8)
        guard write(STDOUT_FILENO, bytes, bytes.count) == bytes.count else { throw CoreError.fromErrno(stage) }
    }
}
