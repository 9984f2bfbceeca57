#if canImport(Glibc)
import Glibc
#endif
import Archive
import Checkpoints
import NamespaceCore

/// The tmpfs mounts of a system container (/dev, /dev/shm, the tmpfs under its cgroup binds,
/// and those its init makes, like busybox's /run), moved by cbench instead of CRIU. CRIU dumps
/// a tmpfs with `tar --create --gzip` (two programs per mount) and extracts it again on
/// restore: ~16 ms of a 256 MB post-copy dump's frozen window and ~14 ms of its restore
/// (mig12j's timeline, 2026-12-04 15:17 UTC). Here each mount's own files (not what is
/// mounted below it) are copied in-process into an uncompressed tar beside the images while
/// the tree is frozen, and CRIU is told the mount is external (`mnt[/dev]:/dev`), so it dumps
/// none of it; the restore mounts a fresh tmpfs as the container had it (its options read
/// from the container's mountinfo at the dump), extracts the copy into it and hands it to
/// CRIU as that external mount's source, which CRIU binds in place.
///
/// Sockets are not copied: CRIU binds a dumped socket to its name again itself (it removes a
/// socket file in the way first), and a socket file no task holds is dead (CRIU's tar skips
/// sockets as well). Left to CRIU: a tmpfs mounted more than once in the container (binds of
/// one file system must stay one), a bind of part of one, and any tmpfs of a container with a
/// user namespace (the copies hold owners as the host sees them).
struct SystemTmpfsCopies: Sendable, Equatable {
    /// One tmpfs mount: where, with which mount flags and file system options.
    struct Mount: Sendable, Equatable {
        var destination: String
        /// mount(2) flags but read-only (`MountFlag`).
        var flags: UInt
        /// The file system's options (`size=...,mode=...`), nil for none.
        var data: String?
        var readOnly: Bool
    }

    /// Parents before children, in the container's mount order.
    var mounts: [Mount]

    /// The manifest's record of the copies (`extra`): one mount a line (`manifestValue`).
    static let manifestKey = "tmpfsCopies"

    init(mounts: [Mount]) {
        self.mounts = mounts
    }

    /// The copies a checkpoint's manifest records, or nil when CRIU dumped every tmpfs itself.
    init?(manifestExtra extra: [String: String]) {
        guard let lines = extra[Self.manifestKey], !lines.isEmpty else { return nil }
        var mounts: [Mount] = []
        for line in lines.split(separator: "\n") {
            // FLAGS READONLY DATA DESTINATION: the destination last, as it may hold spaces.
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let flags = UInt(fields[0]) else { return nil }
            mounts.append(Mount(destination: String(fields[3]), flags: flags, data: fields[2] == "-" ? nil : String(fields[2]),
                                readOnly: fields[1] == "1"))
        }
        self.mounts = mounts
    }

    var manifestValue: String {
        mounts.map { "\($0.flags) \($0.readOnly ? 1 : 0) \($0.data ?? "-") \($0.destination)" }.joined(separator: "\n")
    }

    /// The tmpfs mounts in a container's `mountinfo` (its init's, paths as the container sees
    /// them) that cbench can copy: each the whole of a file system mounted once, not its root
    /// and not among `excluded` (bind mounts from the host, which CRIU binds again itself).
    static func found(inMountinfo mountinfo: String, excluded: Set<String>) -> SystemTmpfsCopies {
        struct Line {
            var device: Substring
            var root: Substring
            var mountPoint: String
            var mountOptions: [Substring]
            var fsType: Substring
            var superOptions: [Substring]
        }
        let lines = mountinfo.split(separator: "\n").compactMap { text -> Line? in
            let fields = text.split(separator: " ")
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, fields.count >= dash + 4 else { return nil }
            return Line(device: fields[2], root: fields[3], mountPoint: HostMountTable.unescape(String(fields[4])),
                        mountOptions: fields[5].split(separator: ","), fsType: fields[dash + 1],
                        superOptions: fields[dash + 3].split(separator: ","))
        }
        var mounts: [Mount] = []
        for line in lines where line.fsType == "tmpfs" && line.root == "/" && line.mountPoint != "/" && !excluded.contains(line.mountPoint) {
            guard lines.filter({ $0.device == line.device }).count == 1 else { continue }
            var flags = MountOptions.parse(line.mountOptions.map(String.init)).flags
            // mountinfo names relatime and noatime; neither is strictatime.
            if flags & (MountFlag.relAtime | MountFlag.noAtime) == 0 { flags |= MountFlag.strictAtime }
            let data = line.superOptions.filter { $0 != "rw" && $0 != "ro" }.joined(separator: ",")
            mounts.append(Mount(destination: line.mountPoint, flags: flags & ~MountFlag.readOnly, data: data.isEmpty ? nil : data,
                                readOnly: flags & MountFlag.readOnly != 0))
        }
        return SystemTmpfsCopies(mounts: mounts)
    }

    /// The copy of the `index`th mount, beside CRIU's images (listed in the manifest, checksummed).
    static func fileName(_ index: Int) -> String { "cbench-tmpfs-\(index).tar" }

    /// The dump's side: CRIU leaves the mounts to us.
    var externalMounts: [ExternalMount] {
        mounts.map { ExternalMount(containerPath: $0.destination, hostSource: $0.destination) }
    }

    /// Copies each mount's own files, as the frozen tree's init `pid` sees them, into `imagePath`.
    func copy(fromProcess pid: Int32, into imagePath: String) throws(CoreError) {
        for (index, mount) in mounts.enumerated() {
            try Self.archive("/proc/\(pid)/root\(mount.destination)", to: "\(imagePath)/\(Self.fileName(index))",
                             what: "the container's tmpfs \(mount.destination)")
        }
    }

    /// The files of the file system at `directory` (not those of mounts below it; their mount
    /// points are kept) as an uncompressed tar `file`, sockets left out.
    static func archive(_ directory: String, to file: String, what: String) throws(CoreError) {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CoreError(stage: "copy \(what): open \(file)", errno: errno) }
        defer { close(fd) }
        let writer = try ArchiveWriter(output: fd, compression: .none, what: "copy of \(what)")
        try writer.addTree(directory, sameFileSystem: true) { (entry, _) throws(CoreError) -> Bool in
            guard entry.fileType != EntryType.socket else { return false }
            try writer.writeHeader(entry)
            return true
        }
        try writer.finish()
    }

    /// Where the `index`th copy is mounted for a restore, below `directory`.
    static func stagingPath(_ index: Int, under directory: String) -> String { "\(directory)/tmpfs-\(index)" }

    /// The restore's side: each copy extracted into a tmpfs of its own below `directory`,
    /// mounted as the container had it; returns the external mounts that point CRIU at them.
    /// What was staged is released on a failure; after the restore `release` removes it
    /// (CRIU's binds of it stay in the container).
    func stage(from imagePath: String, under directory: String) throws(CoreError) -> [ExternalMount] {
        var staged: [ExternalMount] = []
        do throws(CoreError) {
            for (index, mount) in mounts.enumerated() {
                let path = Self.stagingPath(index, under: directory)
                let stage = "restore: tmpfs for \(mount.destination)"
                try Self.mountTmpfs(at: path, flags: mount.flags, data: mount.data, stage: stage)
                staged.append(ExternalMount(containerPath: mount.destination, hostSource: path))
                try Self.extract("\(imagePath)/\(Self.fileName(index))", into: path, what: "the copy of \(mount.destination)")
                if mount.readOnly {
                    // No options: the file system keeps those it was mounted with.
                    guard Glibc.mount(nil, path, nil, MountFlag.remount | mount.flags | MountFlag.readOnly, nil) == 0 else {
                        throw CoreError(stage: "\(stage): remount \(path) read-only", errno: errno)
                    }
                }
            }
        } catch {
            release(under: directory)
            throw error
        }
        return staged
    }

    /// Unmounts and removes what `stage` made (detached: CRIU's binds keep their own).
    func release(under directory: String) {
        for index in mounts.indices {
            let path = Self.stagingPath(index, under: directory)
            _ = umount2(path, Int32(MNT_DETACH))
            _ = rmdir(path)
        }
    }

    static func mountTmpfs(at path: String, flags: UInt, data: String?, stage: String) throws(CoreError) {
        guard mkdir(path, 0o700) == 0 else { throw CoreError(stage: "\(stage): mkdir \(path)", errno: errno) }
        let mounted = data.map { mount("tmpfs", path, "tmpfs", flags, $0) } ?? mount("tmpfs", path, "tmpfs", flags, nil)
        guard mounted == 0 else {
            let failure = errno
            _ = rmdir(path)
            throw CoreError(stage: "\(stage): mount tmpfs at \(path)", errno: failure)
        }
        // Private: nothing of it propagates to peers of the directory it is on.
        guard mount(nil, path, nil, MountFlag.private, nil) == 0 else {
            throw CoreError(stage: "\(stage): make \(path) private", errno: errno)
        }
    }

    /// Every entry of the tar `file` below `directory`, with owners, modes and device nodes.
    static func extract(_ file: String, into directory: String, what: String) throws(CoreError) {
        let reader = try ArchiveReader(path: file)
        try ArchiveDiskWriter(root: directory).extractAll(from: reader, what: what) { (_, path) throws(CoreError) -> ArchivePath? in
            path.isRoot ? nil : path
        }
    }
}
