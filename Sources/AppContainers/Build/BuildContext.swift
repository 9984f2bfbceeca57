import Crypto
import Foundation
import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// The build context directory: COPY/ADD sources are found here (globs per path component,
/// as Go's filepath.Match does for Docker) and may not lead out of it; what its ignore file
/// names is not there for COPY and ADD.
public struct BuildContext: Sendable {
    public let directory: String
    public let ignore: BuildContextIgnore
    /// What messages call it: the build context, or the stage or image of `COPY --from`.
    public let name: String

    public init(directory: String, ignore: BuildContextIgnore = BuildContextIgnore(""), name: String? = nil) {
        self.directory = directory
        self.ignore = ignore
        self.name = name ?? "the build context \(directory)"
    }

    /// The context with its `.containerignore` or `.dockerignore` read.
    public static func loading(_ directory: String) -> BuildContext {
        BuildContext(directory: directory, ignore: BuildContextIgnore.load(from: directory))
    }

    /// The context-relative path of `path` inside the context, if it is inside.
    func relative(_ path: String) -> String? {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : nil
    }

    /// The context-relative paths `pattern` names, in sorted order; an error when none exist.
    public func sources(matching pattern: String) throws(CoreErrorDetail) -> [String] {
        let components = pattern.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
        var depth = 0
        for component in components {
            depth += component == ".." ? -1 : 1
            if depth < 0 { throw CoreErrorDetail("\(pattern) is outside \(name)") }
        }
        if components.contains("..") { throw CoreErrorDetail("\(pattern): '..' is not allowed in a source path") }
        var matches = [""]
        for component in components {
            var next: [String] = []
            for base in matches {
                let baseDirectory = base.isEmpty ? directory : directory + "/" + base
                if Self.isPattern(component) {
                    let names = ((try? FileIO.names(in: baseDirectory)) ?? []).sorted()
                    next += names.filter { fnmatch(component, $0, FNM_PERIOD) == 0 }.map { base.isEmpty ? $0 : base + "/" + $0 }
                } else {
                    let candidate = base.isEmpty ? component : base + "/" + component
                    var info = stat()
                    if lstat(directory + "/" + candidate, &info) == 0 { next.append(candidate) }
                }
            }
            matches = next.filter { !ignore.excludes($0) }
        }
        guard !matches.isEmpty else { throw CoreErrorDetail("\(pattern): no such file or directory in \(name)") }
        return matches
    }

    /// A sha256 over the sources' names, types, modes, link targets and contents, walked in
    /// sorted order: any change to what COPY would write changes it.
    public func digest(of sources: [String]) throws(CoreErrorDetail) -> String {
        var hasher = SHA256()
        for source in sources {
            try add(relative: source, to: &hasher)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func add(relative: String, to hasher: inout SHA256) throws(CoreErrorDetail) {
        let path = relative.isEmpty ? directory : directory + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else { throw CoreErrorDetail("\(relative): \(String(cString: strerror(errno)))") }
        let type = info.st_mode & S_IFMT
        hasher.update(data: Data("\(relative)\0\(info.st_mode)\0".utf8))
        switch type {
        case S_IFREG:
            hasher.update(data: Data("\(info.st_size)\0".utf8))
            try Self.hashContents(of: path, into: &hasher)
        case S_IFLNK:
            hasher.update(data: Data((Self.linkTarget(path) ?? "").utf8))
        case S_IFDIR:
            let names = ((try? FileIO.names(in: path)) ?? []).sorted()
            for name in names where !ignore.excludes(relative.isEmpty ? name : relative + "/" + name) { try add(relative: relative.isEmpty ? name : relative + "/" + name, to: &hasher) }
        default:
            break
        }
    }

    static func hashContents(of path: String, into hasher: inout SHA256) throws(CoreErrorDetail) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreErrorDetail("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CoreErrorDetail("read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isPattern(_ component: String) -> Bool {
        component.contains { "*?[".contains($0) }
    }
}
