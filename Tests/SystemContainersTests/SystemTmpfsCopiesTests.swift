#if canImport(Glibc)
import Glibc
#endif
import Testing
import Checkpoints
import NamespaceCore
@testable import SystemContainers

/// The tmpfs mounts a system container's checkpoint carries as cbench's own copies: which
/// mounts, how the restore mounts them again, what the manifest records, and what a copy
/// keeps (a plain directory tree here; the mounts themselves are the integration tests').
struct SystemTmpfsCopiesTests {
    /// A busybox system container's init's mountinfo (trimmed): its /run made by rcS, /dev/shm
    /// bound again at /run/shm, a file bound from the host, a bind of part of a tmpfs.
    static let mountinfo = """
    300 250 0:40 / / rw,relatime master:1 - ext4 /dev/vda1 rw
    301 300 0:51 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
    302 300 0:52 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs ro,mode=755,inode64
    303 302 0:30 /cbench/c /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory
    304 300 0:53 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755,inode64
    305 304 0:54 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,mode=620,ptmxmode=666
    306 304 0:55 / /dev/shm rw,nosuid,nodev,relatime - tmpfs shm rw,mode=1777,inode64
    307 300 0:56 / /run rw,nosuid,nodev,relatime - tmpfs run rw,mode=755,inode64
    308 307 0:55 / /run/shm rw,nosuid,nodev,relatime - tmpfs shm rw,mode=1777,inode64
    309 300 0:25 / /etc/hosts rw,relatime - tmpfs tmpfs rw,inode64
    310 300 0:57 /part /srv/part rw,relatime - tmpfs tmpfs rw,inode64
    311 300 0:58 / /tmp/with\\040space rw,noatime - tmpfs tmpfs rw,inode64
    """

    @Test func eachWholeTmpfsMountedOnceButNoHostBind() {
        let copies = SystemTmpfsCopies.found(inMountinfo: Self.mountinfo, excluded: ["/etc/hosts"])
        #expect(copies.mounts.map(\.destination) == ["/sys/fs/cgroup", "/dev", "/run", "/tmp/with space"])
    }

    @Test func theRestoreMountsAsTheContainerHadItReadOnlyAfterTheCopy() throws {
        let copies = SystemTmpfsCopies.found(inMountinfo: Self.mountinfo, excluded: [])
        let cgroup = try #require(copies.mounts.first)
        #expect(cgroup.readOnly)
        #expect(cgroup.flags == MountFlag.noSuid | MountFlag.noDev | MountFlag.noExec | MountFlag.relAtime)
        #expect(cgroup.data == "mode=755,inode64")
        let dev = try #require(copies.mounts.first { $0.destination == "/dev" })
        #expect(!dev.readOnly)
        #expect(dev.flags == MountFlag.noSuid | MountFlag.strictAtime)
        #expect(dev.data == "size=65536k,mode=755,inode64")
        #expect(copies.mounts.last?.flags == MountFlag.noAtime)
    }

    @Test func theDumpMarksThemExternalAndTheRestorePointsCRIUAtTheCopies() {
        let copies = SystemTmpfsCopies.found(inMountinfo: Self.mountinfo, excluded: [])
        let request = ContainerCheckpointLayout(rootfs: "/r", externalMounts: copies.externalMounts, cgroupPath: "cbench/c")
            .dumpRequest(pid: 7, options: CheckpointOptions(imagePath: "/i"), stdio: StdioDescriptors(entries: []))
        #expect(request.externalStrings.prefix(2) == ["mnt[/sys/fs/cgroup]:/sys/fs/cgroup", "mnt[/dev]:/dev"])
        var restore = CRIURequest(kind: .restore, imageDirectory: "/i")
        restore.externalMounts = [ExternalMount(containerPath: "/dev", hostSource: SystemTmpfsCopies.stagingPath(1, under: "/s"))]
        #expect(restore.externalStrings == ["mnt[/dev]:/s/tmpfs-1"])
    }

    @Test func theManifestRecordsEveryMount() {
        let copies = SystemTmpfsCopies.found(inMountinfo: Self.mountinfo, excluded: [])
        #expect(SystemTmpfsCopies(manifestExtra: [SystemTmpfsCopies.manifestKey: copies.manifestValue]) == copies)
        #expect(SystemTmpfsCopies(manifestExtra: ["cgroupSubtree": ""]) == nil)
        #expect(SystemTmpfsCopies(manifestExtra: [SystemTmpfsCopies.manifestKey: "x 0 - /dev"]) == nil)
    }

    @Test func aCopyKeepsFilesLinksAndFifosButNoSocket() throws {
        let source = try SystemTestScratch.make("cbench-tmpfs-source")
        let target = try SystemTestScratch.make("cbench-tmpfs-target")
        let archive = "\(target).tar"
        defer {
            for path in [source, target] { try? FileIO.removeTree(path) }
            unlink(archive)
        }
        try FileIO.makeDirectories("\(source)/lock/sub")
        try FileIO.write("\(source)/lock/sub/pid", Array("42\n".utf8))
        #expect(symlink("lock/sub/pid", "\(source)/link") == 0)
        #expect(mkfifo("\(source)/initctl", 0o600) == 0)
        let socket = try Self.bindSocket(at: "\(source)/log")
        defer { close(socket) }

        try SystemTmpfsCopies.archive(source, to: archive, what: "a test tree")
        try SystemTmpfsCopies.extract(archive, into: target, what: "a test copy")

        #expect(try FileIO.read("\(target)/lock/sub/pid") == Array("42\n".utf8))
        var info = stat()
        #expect(lstat("\(target)/link", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(lstat("\(target)/initctl", &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO && info.st_mode & 0o777 == 0o600)
        #expect(lstat("\(target)/log", &info) != 0 && errno == ENOENT)
    }

    static func bindSocket(at path: String) throws -> Int32 {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(socket >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        return socket
    }
}
