#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Paths of a bundle: config.json allows paths relative to the bundle directory.
enum BundlePath {
    /// `path` if absolute, else `bundle/path` (with `./` prefixes and trailing slashes dropped).
    static func resolve(_ path: String, against bundle: String) -> String {
        if path.hasPrefix("/") { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        let base = absolute(bundle)
        if relative.isEmpty || relative == "." { return base }
        return hostJoin(base, String(relative))
    }

    /// The bundle as an absolute path, relative ones taken from the working directory.
    static func absolute(_ bundle: String) -> String { FileIO.absolutePath(bundle) }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
