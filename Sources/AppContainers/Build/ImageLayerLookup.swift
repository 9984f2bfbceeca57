import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

/// Looks at an image's file tree without mounting it: the topmost layer holding a path
/// decides, and an overlay whiteout (char device 0/0) there means it was deleted.
public struct ImageLayerLookup: Sendable {
    /// Bottom layer first, as `ResolvedImage.layerDirectories`.
    public let layerDirectories: [String]

    public init(layerDirectories: [String]) {
        self.layerDirectories = layerDirectories
    }

    /// The stat of `path` (absolute, in the image) as the merged root shows it.
    public func status(of path: String) -> stat? {
        for layer in layerDirectories.reversed() {
            var info = stat()
            guard lstat(layer + path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0 { return nil }
            return info
        }
        return nil
    }

    /// `path` with the image's symbolic links followed, never above its root: COPY to `/bin/`
    /// lands in `/usr/bin` when the image links one to the other, as Docker does.
    public func resolvingLinks(_ path: String) -> String {
        var resolved: [String] = []
        var pending = path.split(separator: "/").map(String.init).reversed() as [String]
        var hops = 0
        while let component = pending.popLast() {
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            guard let info = status(of: candidate), info.st_mode & S_IFMT == S_IFLNK, hops < 40,
                  let target = linkTarget(of: candidate) else {
                resolved.append(component)
                continue
            }
            hops += 1
            if target.hasPrefix("/") { resolved = [] }
            pending += target.split(separator: "/").map(String.init).reversed()
        }
        return "/" + resolved.joined(separator: "/")
    }

    func linkTarget(of path: String) -> String? {
        for layer in layerDirectories.reversed() {
            var info = stat()
            guard lstat(layer + path, &info) == 0 else { continue }
            return BuildContext.linkTarget(layer + path)
        }
        return nil
    }

    public func isDirectory(_ path: String) -> Bool {
        status(of: path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false
    }

    /// The bytes of a small file of the image (/etc/passwd), from its topmost layer.
    public func contents(of path: String) -> String? {
        guard let info = status(of: path), info.st_mode & S_IFMT == S_IFREG else { return nil }
        for layer in layerDirectories.reversed() {
            if let bytes = try? FileIO.read(layer + path, limit: 1 << 20) { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    /// `--chown=USER[:GROUP]`: numbers as they are, names from the image's /etc/passwd and
    /// /etc/group. A user alone brings its primary group (a bare uid its own number, as Docker).
    public func owner(_ text: String) throws(CoreErrorDetail) -> (uid: uid_t, gid: gid_t) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userText = parts[0]
        var primaryGroup: gid_t?
        let uid: uid_t
        if let number = uid_t(userText) {
            uid = number
        } else if let entry = Self.entry(named: userText, in: contents(of: "/etc/passwd")), entry.count > 3,
                  let number = uid_t(entry[2]), let group = gid_t(entry[3]) {
            uid = number
            primaryGroup = group
        } else {
            throw CoreErrorDetail("--chown=\(text): no user \(userText) in the image's /etc/passwd; use a number")
        }
        guard parts.count == 2 else { return (uid, primaryGroup ?? gid_t(uid)) }
        let groupText = parts[1]
        if let number = gid_t(groupText) { return (uid, number) }
        guard let entry = Self.entry(named: groupText, in: contents(of: "/etc/group")), entry.count > 2,
              let gid = gid_t(entry[2]) else {
            throw CoreErrorDetail("--chown=\(text): no group \(groupText) in the image's /etc/group; use a number")
        }
        return (uid, gid)
    }

    static func entry(named name: String, in file: String?) -> [String]? {
        guard let file else { return nil }
        for line in file.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if fields.first == name { return fields }
        }
        return nil
    }
}
