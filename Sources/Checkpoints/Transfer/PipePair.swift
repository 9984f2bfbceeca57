#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Two close-on-exec pipes at once, for a child or a thread that is told something on one and
/// answers on the other (a lazy dump's ready and done, a migration session's stdin and stdout):
/// when the second cannot be made the first is closed again.
public enum PipePair {
    public typealias Ends = (read: Int32, write: Int32)

    public static func make(stage: String) throws(CoreError) -> (first: Ends, second: Ends) {
        let first = try FileIO.closeOnExecPipe(stage: stage)
        do {
            return (first, try FileIO.closeOnExecPipe(stage: stage))
        } catch {
            close(first.read)
            close(first.write)
            throw error
        }
    }
}
