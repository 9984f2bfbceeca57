#if canImport(Glibc)
import Glibc
#endif

/// CRIU checks that a regular file handed to a restore has the size it had at the dump. A
/// host file the container wrote to (a log) is therefore opened again by its path when it is
/// still there, so the restored process writes on where it stopped; a file deleted since (or
/// a pipe) is replaced by the restorer's own descriptor of that number.
public enum StdioReopening {
    /// Descriptor number in the restored tree -> a descriptor of this process, close-on-exec.
    public static func reopen(_ stdio: StdioDescriptors) -> [Int32: Int32] {
        var opened: [Int32: Int32] = [:]
        for (number, entry) in stdio.entries.enumerated() {
            guard case .hostFile(_, _, let path) = entry, !path.hasSuffix(" (deleted)") else { continue }
            let fd = open(path, (number == 0 ? O_RDONLY : O_WRONLY | O_APPEND) | O_CLOEXEC | O_NOCTTY)
            if fd >= 0 { opened[Int32(number)] = fd }
        }
        return opened
    }
}
