#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Bootstrapped Debian trees, one per release, under /var/lib/cbench/rootfs/debian-RELEASE.
/// Built once by `debootstrap --variant=minbase` from the host's own mirror into a temporary
/// directory beside it and renamed when complete, so a half-built tree is never used.
public struct DebianRootfsCache: Sendable {
    public var directory: String

    public init(directory: String = "\(ProjectDirectories.persistent)/rootfs") {
        self.directory = directory
    }

    public func path(of release: DebianRelease) -> String { "\(directory)/debian-\(release.rawValue)" }

    /// The tree of `release`, bootstrapped first when missing.
    public func rootfs(of release: DebianRelease) throws(CoreError) -> String {
        let target = path(of: release)
        if access(target + "/sbin/init", F_OK) == 0 { return target }
        let mirror = try Self.hostMirror()
        try FileIO.makeDirectories(directory)
        let building = "\(directory)/.debian-\(release.rawValue).building-\(getpid())"
        try? FileIO.removeTree(building)
        let arguments = ["debootstrap", "--variant=minbase", "--include=\(release.extraPackages.joined(separator: ","))",
                         release.rawValue, building, mirror]
        guard let result = HostCommandRunner().run(arguments) else {
            throw CoreError(stage: "debootstrap \(release.rawValue)", errno: ENOENT, detail: "debootstrap could not be started (apt-get install debootstrap)")
        }
        guard result.status == 0 else {
            try? FileIO.removeTree(building)
            let tail = result.output.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw CoreError(stage: "debootstrap \(release.rawValue) from \(mirror)", detail: "exited with \(result.status) (mirror unreachable or release unknown?): \(tail)")
        }
        guard rename(building, target) == 0 else {
            let code = errno
            try? FileIO.removeTree(building)
            // Another create finished the same release first.
            if code == EEXIST || code == ENOTEMPTY { return target }
            throw CoreError(stage: "rename \(building)", errno: code)
        }
        return target
    }

    /// The first Debian mirror in /etc/apt/sources.list or sources.list.d (one-line or deb822).
    static func hostMirror(files: [String]? = nil, read: (String) -> String? = { path in
        (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
    }) throws(CoreError) -> String {
        guard let mirror = HostAptSources.read(files: files, read: read).mirror else {
            throw CoreError(stage: "debian mirror", errno: ENOENT, detail: "no Debian mirror in /etc/apt/sources.list*")
        }
        return mirror
    }

    static func mirror(in text: String) -> String? {
        HostAptSources.parse(text).mirror
    }
}
