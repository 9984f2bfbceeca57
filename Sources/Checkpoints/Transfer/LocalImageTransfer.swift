#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The one-host transfer: a byte copy of the directory tree (sendfile in the kernel), so the
/// destination owns its own copy and the source's images can go independently.
public struct LocalImageTransfer: ImageTransfer {
    public init() {}

    public func transfer(from sourceDirectory: String, to destinationDirectory: String) throws(CheckpointError) -> UInt64 {
        guard mkdir(destinationDirectory, 0o700) == 0 else {
            throw CheckpointError(stage: "transfer: mkdir \(destinationDirectory)", errno: errno)
        }
        return try copyTree(sourceDirectory, destinationDirectory)
    }

    func copyTree(_ source: String, _ destination: String) throws(CheckpointError) -> UInt64 {
        let names: [String]
        do { names = try FileIO.names(in: source) } catch { throw CheckpointError(stage: "transfer: \(error.stage)", errno: error.errno, cause: error) }
        var moved: UInt64 = 0
        for name in names {
            var info = stat()
            guard lstat("\(source)/\(name)", &info) == 0 else { throw CheckpointError(stage: "transfer: stat \(source)/\(name)", errno: errno) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard mkdir("\(destination)/\(name)", 0o700) == 0 else {
                    throw CheckpointError(stage: "transfer: mkdir \(destination)/\(name)", errno: errno)
                }
                moved += try copyTree("\(source)/\(name)", "\(destination)/\(name)")
            case S_IFREG:
                moved += try copyFile("\(source)/\(name)", "\(destination)/\(name)", size: Int(info.st_size))
            case S_IFLNK:
                // CRIU links pre-dump parents by relative symlinks ("parent").
                var buffer = [CChar](repeating: 0, count: 4096)
                let count = readlink("\(source)/\(name)", &buffer, buffer.count - 1)
                guard count >= 0, symlink(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self),
                                          "\(destination)/\(name)") == 0 else {
                    throw CheckpointError(stage: "transfer: symlink \(destination)/\(name)", errno: errno)
                }
            default:
                continue
            }
        }
        return moved
    }

    func copyFile(_ source: String, _ destination: String, size: Int) throws(CheckpointError) -> UInt64 {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CheckpointError(stage: "transfer: open \(source)", errno: errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw CheckpointError(stage: "transfer: create \(destination)", errno: errno) }
        defer { close(output) }
        var copied = 0
        while copied < size {
            let count = sendfile(output, input, nil, size - copied)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CheckpointError(stage: "transfer: copy \(source)", errno: count < 0 ? errno : EIO) }
            copied += count
        }
        return UInt64(copied)
    }
}
