#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// `path` made absolute against the working directory, as a command-line tool reads a
    /// relative path it is given: `./` prefixes and trailing slashes dropped, `.` or an empty
    /// path the directory itself. Unchanged when the working directory cannot be read.
    public static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path.droppingTrailingSlashes() }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return absolutePath(path, from: cwd)
    }

    /// `path` against `directory` (absolute), without reading the working directory.
    static func absolutePath(_ path: String, from directory: String) -> String {
        if path.hasPrefix("/") { return path.droppingTrailingSlashes() }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        if relative.isEmpty || relative == "." { return directory }
        return (directory == "/" ? "/" + relative : directory + "/" + relative).droppingTrailingSlashes()
    }
}
