#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// mkdir -p. Tolerates a concurrent clean-up: the project removes its empty run-time
    /// parents (/run/cbench, /run/cbench/app...) when it is done with them, and another
    /// process may do so between two of our mkdirs. An ENOENT on a deeper level starts
    /// again from the top, a few times, instead of failing the caller.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o711) throws(CoreError) {
        let levels = directoryLevels(of: path)
        var attempt = 0
        var index = 0
        while index < levels.count {
            if mkdir(levels[index], mode) == 0 || errno == EEXIST {
                index += 1
                continue
            }
            let code = errno
            attempt += 1
            guard code == ENOENT, index > 0, attempt < 8 else {
                throw CoreError(stage: "mkdir \(levels[index])", errno: code)
            }
            index = 0
        }
    }

    /// `/a`, `/a/b`, `/a/b/c` for `/a/b/c` (relative paths stay relative).
    static func directoryLevels(of path: String) -> [String] {
        var current = path.hasPrefix("/") ? "" : "."
        return path.split(separator: "/").map { component in
            current += "/" + component
            return current
        }
    }
}
