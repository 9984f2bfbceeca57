#if canImport(Glibc)
import Glibc
#endif

/// `CgroupFS` on the real file system, with plain syscalls (no Foundation: this runs on
/// every container start).
public struct RealCgroupFS: CgroupFS {
    public init() {}

    public func read(_ path: String) throws(CgroupFSError) -> String {
        do {
            return String(decoding: try FileIO.read(path), as: UTF8.self)
        } catch {
            throw CgroupFSError(errno: error.errno ?? EIO)
        }
    }

    public func write(_ path: String, _ value: String) throws(CgroupFSError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CgroupFSError(errno: Glibc.errno) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        while true {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, Glibc.errno == EINTR { continue }
            if written < 0 { throw CgroupFSError(errno: Glibc.errno) }
            if written != bytes.count { throw CgroupFSError(errno: EIO) }
            return
        }
    }

    public func mkdir(_ path: String) throws(CgroupFSError) {
        guard Glibc.mkdir(path, 0o755) == 0 else { throw CgroupFSError(errno: Glibc.errno) }
    }

    public func rmdir(_ path: String) throws(CgroupFSError) {
        guard Glibc.rmdir(path) == 0 else { throw CgroupFSError(errno: Glibc.errno) }
    }

    public func attachDeviceProgram(_ rules: [CgroupDeviceRule], to path: String) throws(CoreError) {
        try CgroupDeviceProgram.attach(rules: rules, toCgroupDirectory: path)
    }

    public func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func listDirectories(_ path: String) throws(CgroupFSError) -> [String] {
        do {
            return try FileIO.directoryNames(in: path).sorted()
        } catch {
            throw CgroupFSError(errno: error.errno ?? EIO)
        }
    }

    public func lockDirectory(_ path: String, mode: CgroupLockMode) throws(CgroupFSError) -> CgroupDirectoryLock {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CgroupFSError(errno: Glibc.errno) }
        let operation: Int32 = switch mode {
        case .shared: LOCK_SH
        case .exclusive: LOCK_EX
        case .exclusiveIfFree: LOCK_EX | LOCK_NB
        }
        while flock(fd, operation) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            close(fd)
            throw CgroupFSError(errno: code)
        }
        // Removed (and perhaps made again) while this waited: the lock guards nothing.
        var held = stat(), named = stat()
        guard fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino else {
            close(fd)
            throw CgroupFSError(errno: ENOENT)
        }
        return CgroupDirectoryLock { close(fd) }
    }
}
