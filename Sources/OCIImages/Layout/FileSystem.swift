#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NamespaceCore

/// The few file-system operations the store needs, with errors naming the path.
enum FileSystem {
    /// A fresh, unused name in `directory` (the file is not created).
    static func temporaryPath(in directory: String, prefix: String) throws(CoreError) -> String {
        try FileIO.makeDirectories(directory, mode: 0o755)
        var template = Array((directory + "/.\(prefix)-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw CoreError(stage: "mkstemp in \(directory)", errno: errno) }
        close(fd)
        return string(fromNulTerminated: template)
    }

    /// A fresh directory in `directory`, returned as its real path (no symlink in it, so
    /// libarchive's symlink checks along the whole path pass).
    static func temporaryDirectory(in directory: String, prefix: String) throws(CoreError) -> String {
        try FileIO.makeDirectories(directory, mode: 0o755)
        var template = Array((directory + "/.\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { throw CoreError(stage: "mkdtemp in \(directory)", errno: errno) }
        return try realPath(string(fromNulTerminated: template))
    }

    static func string(fromNulTerminated characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: String) throws(CoreError) -> String {
        guard let resolved = realpath(path, nil) else { throw CoreError(stage: "realpath \(path)", errno: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func rename(_ from: String, to: String) throws(CoreError) {
        guard Glibc.rename(from, to) == 0 else { throw CoreError(stage: "rename \(from) to \(to)", errno: errno) }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func size(of fd: Int32) -> Int64 {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int64(info.st_size) : -1
    }

    /// Copies `source` to `destination` and returns the content's digest and size, in one pass.
    static func copyHashing(_ source: String, to destination: String, what: String) throws(CoreError) -> (digest: String, size: Int64) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CoreError(stage: "open \(what)", errno: errno, detail: source) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw CoreError(stage: "open \(destination)", errno: errno) }
        defer { close(output) }
        let digest = RunningDigest()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(stage: "read \(what)", errno: errno)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            digest.update(chunk)
            try writeAll(output, chunk, what: destination)
        }
        return (digest.digest, digest.byteCount)
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, what: String) throws(CoreError) {
        guard FileIO.writeAll(fd, bytes) else { throw CoreError(stage: "write \(what)", errno: errno) }
    }
}
