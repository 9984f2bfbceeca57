#if canImport(Glibc)
import Glibc
#endif

/// Small whole-file reads and single-write writes for /proc files, without Foundation
/// (the launch path stays lean; uid_map and friends must be written in one write(2)).
enum LauncherFiles {
    static func read(_ path: String, limit: Int = 65536) -> String? {
        guard let bytes = try? FileIO.read(path, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` with one write(2); the failing stage names the file.
    static func write(_ path: String, _ text: String, stage: String) throws(CoreError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: stage, errno: errno, detail: path) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = -1
        repeat {
            written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            throw CoreError(stage: stage, errno: written < 0 ? errno : EIO, detail: path)
        }
    }
}
