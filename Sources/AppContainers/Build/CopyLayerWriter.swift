import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes what one COPY/ADD adds into a fresh upper directory, laid out as the image's root:
/// a file goes to DEST (or DEST/NAME when DEST is a directory), a directory's contents go into
/// DEST, a local tar archive of ADD is unpacked into DEST. New files and directories belong to
/// 0:0 or `--chown`; modes are kept (or `--chmod`); directories the image already has keep its
/// metadata, so the layer does not change them when it is stacked.
struct CopyLayerWriter {
    let upper: String
    let context: BuildContext
    let image: ImageLayerLookup
    let owner: (uid: uid_t, gid: gid_t)
    let mode: mode_t?

    func write(sources: [String], destination: String, endsWithSlash: Bool, extractArchives: Bool) throws(CoreErrorDetail) {
        if sources.count > 1 && !endsWithSlash {
            throw CoreErrorDetail("with more than one source the destination must be a directory ending in /")
        }
        let intoDirectory = endsWithSlash || sources.count > 1 || image.isDirectory(destination)
        for source in sources {
            let path = context.directory + "/" + source
            var info = stat()
            guard lstat(path, &info) == 0 else { throw CoreErrorDetail("\(source): \(String(cString: strerror(errno)))") }
            if info.st_mode & S_IFMT == S_IFDIR {
                try ensureDirectory(destination)
                try copyChildren(of: path, into: destination)
            } else if extractArchives && info.st_mode & S_IFMT == S_IFREG && LocalArchive.isArchive(path) {
                try ensureDirectory(destination)
                try LocalArchive.extract(path, into: upper + (destination == "/" ? "" : destination))
            } else {
                let name = source.split(separator: "/").last.map(String.init) ?? source
                let target = intoDirectory ? hostJoin(destination, name) : destination
                try ensureDirectory(Self.parent(of: target))
                try copy(path, to: target)
            }
        }
    }

    /// Creates `imagePath` and its parents in the upper directory: metadata from the image
    /// where it has them, else 0755 and the copy's owner.
    func ensureDirectory(_ imagePath: String) throws(CoreErrorDetail) {
        var prefix = ""
        for component in imagePath.split(separator: "/") {
            prefix += "/" + component
            var existing = stat()
            if lstat(upper + prefix, &existing) == 0 {
                guard existing.st_mode & S_IFMT == S_IFDIR else { throw CoreErrorDetail("\(prefix) is not a directory") }
                continue
            }
            if let inImage = image.status(of: prefix), inImage.st_mode & S_IFMT != S_IFDIR {
                throw CoreErrorDetail("\(prefix) exists in the image and is not a directory")
            }
            let inImage = image.status(of: prefix)
            try makeDirectory(upper + prefix, mode: inImage.map { $0.st_mode & 0o7777 } ?? 0o755,
                              uid: inImage?.st_uid ?? owner.uid, gid: inImage?.st_gid ?? owner.gid)
        }
    }

    func copyChildren(of directory: String, into imagePath: String) throws(CoreErrorDetail) {
        let names: [String]
        do { names = try FileIO.names(in: directory) } catch { throw CoreErrorDetail(error.description) }
        for name in names.sorted() {
            if let inContext = context.relative(directory + "/" + name), context.ignore.excludes(inContext) { continue }
            try copy(directory + "/" + name, to: hostJoin(imagePath, name))
        }
    }

    func copy(_ source: String, to imagePath: String) throws(CoreErrorDetail) {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw CoreErrorDetail("lstat \(source): \(String(cString: strerror(errno)))") }
        let target = upper + imagePath
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            var existing = stat()
            if lstat(target, &existing) != 0 {
                try makeDirectory(target, mode: mode ?? info.st_mode & 0o7777, uid: owner.uid, gid: owner.gid)
            }
            try copyChildren(of: source, into: imagePath)
        case S_IFREG:
            try copyFile(source, to: target, info: info)
        case S_IFLNK:
            guard let link = BuildContext.linkTarget(source) else { throw CoreErrorDetail("readlink \(source): \(String(cString: strerror(errno)))") }
            unlink(target)
            guard symlink(link, target) == 0 else { throw CoreErrorDetail("symlink \(imagePath): \(String(cString: strerror(errno)))") }
            lchown(target, owner.uid, owner.gid)
        default:
            throw CoreErrorDetail("\(source): only files, directories and symbolic links can be copied")
        }
    }

    func copyFile(_ source: String, to target: String, info: stat) throws(CoreErrorDetail) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw CoreErrorDetail("open \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        unlink(target)
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw CoreErrorDetail("create \(target): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CoreErrorDetail("read \(source): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw CoreErrorDetail("write \(target): \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
        // Owner before mode: chown clears set-id bits.
        guard fchown(output, owner.uid, owner.gid) == 0 || Self.mayKeepOwner else { throw CoreErrorDetail("chown \(target): \(String(cString: strerror(errno)))") }
        guard fchmod(output, mode ?? info.st_mode & 0o7777) == 0 else { throw CoreErrorDetail("chmod \(target): \(String(cString: strerror(errno)))") }
        var times = [info.st_atim, info.st_mtim]
        futimens(output, &times)
    }

    func makeDirectory(_ path: String, mode: mode_t, uid: uid_t, gid: gid_t) throws(CoreErrorDetail) {
        guard mkdir(path, 0o700) == 0 else { throw CoreErrorDetail("mkdir \(path): \(String(cString: strerror(errno)))") }
        guard chown(path, uid, gid) == 0 || Self.mayKeepOwner, chmod(path, mode) == 0 else {
            throw CoreErrorDetail("set owner and mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Without root (unit tests, a rootless build) files keep the caller as owner.
    static var mayKeepOwner: Bool { geteuid() != 0 && errno == EPERM }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
