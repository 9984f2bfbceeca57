#if canImport(Glibc)
import Glibc
#endif

/// The project's one PATH lookup, as execvp does it: the first regular, executable file of
/// that name in PATH's directories; a name with a slash is taken as it is.
public enum ExecutablePath {
    /// PATH when the environment has none (root's usual one, sbin included: ip, dockerd).
    public static let defaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The path of `name`, or nil. PATH comes from `environment`, or from this process's
    /// own when nil; `defaultSearchPath` when that has none.
    public static func find(_ name: String, environment: [String: String]? = nil) -> String? {
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        guard !name.isEmpty else { return nil }
        let searchPath = environment == nil ? getenv("PATH").map { String(cString: $0) } : environment?["PATH"]
        for directory in (searchPath ?? defaultSearchPath).split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// A regular file we may execute (not a directory, which access(X_OK) also passes).
    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }
}
