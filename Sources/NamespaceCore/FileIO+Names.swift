#if canImport(Glibc)
import Glibc
#endif

extension FileIO {
    /// The names in `directory`, without `.` and `..`, in the order the file system gives them.
    public static func names(in directory: String) throws(CoreError) -> [String] {
        guard let stream = opendir(directory) else { throw CoreError(stage: "opendir \(directory)", errno: errno) }
        defer { closedir(stream) }
        return names(from: stream, directoriesOnly: false)
    }

    /// The names of the directories (not symlinks to them) in `directory`.
    public static func directoryNames(in directory: String) throws(CoreError) -> [String] {
        guard let stream = opendir(directory) else { throw CoreError(stage: "opendir \(directory)", errno: errno) }
        defer { closedir(stream) }
        return names(from: stream, directoriesOnly: true)
    }

    /// The names in the open directory `fd`, from its start; `fd` stays open. `shown` names
    /// the directory in an error.
    public static func names(inDirectory fd: Int32, shown: String) throws(CoreError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0 else { throw CoreError(stage: "dup \(shown)", errno: errno) }
        guard let stream = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw CoreError(stage: "opendir \(shown)", errno: code)
        }
        defer { closedir(stream) }
        // The copy shares the offset of `fd`, which an earlier listing may have moved.
        rewinddir(stream)
        return names(from: stream, directoriesOnly: false)
    }

    /// Whether `directory` holds a name (not `.` or `..`) that `matches`; reading stops at the
    /// first one, so a large directory costs one getdents batch when a match comes early.
    /// A directory that cannot be opened holds none.
    public static func containsName(in directory: String, where matches: (String) -> Bool) -> Bool {
        guard let stream = opendir(directory) else { return false }
        defer { closedir(stream) }
        var found = false
        visitNames(in: stream, directoriesOnly: false) { name in
            found = matches(name)
            return !found
        }
        return found
    }

    private static func names(from stream: OpaquePointer, directoriesOnly: Bool) -> [String] {
        var names: [String] = []
        visitNames(in: stream, directoriesOnly: directoriesOnly) { name in
            names.append(name)
            return true
        }
        return names
    }

    /// Calls `body` with each name of `stream` until it returns false.
    private static func visitNames(in stream: OpaquePointer, directoriesOnly: Bool, _ body: (String) -> Bool) {
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != "." && name != ".." else { continue }
            if directoriesOnly && !isDirectory(name, type: entry.pointee.d_type, in: dirfd(stream)) { continue }
            if !body(name) { return }
        }
    }

    /// From the entry's type where the file system gives one, else from fstatat.
    private static func isDirectory(_ name: String, type: UInt8, in directory: Int32) -> Bool {
        if type != UInt8(DT_UNKNOWN) { return type == UInt8(DT_DIR) }
        var info = stat()
        return fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
