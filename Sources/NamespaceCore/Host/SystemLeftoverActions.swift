#if canImport(Glibc)
import Glibc
#endif

/// The real cleanup steps, on the paths `root` resolves (the real `/` by default).
public struct SystemLeftoverActions: LeftoverActions {
    public let root: HostRoot
    public let commands: any HostCommandRunning

    public init(root: HostRoot = .system, commands: any HostCommandRunning = HostCommandRunner()) {
        self.root = root
        self.commands = commands
    }

    public func startTime(of pid: Int32) -> UInt64? {
        guard let stat = HostProcessStat.read(pid: pid, root: root), stat.state != "Z" else { return nil }
        return stat.startTime
    }

    public func kill(_ pid: Int32) -> CoreError? {
        Glibc.kill(pid, SIGKILL) == 0 || errno == ESRCH ? nil : CoreError.fromErrno("kill \(pid)")
    }

    public func thaw(cgroup path: String) -> CoreError? {
        // v1 freezer hierarchies have freezer.state; cgroup2 has cgroup.freeze below the root.
        if root.exists(hostJoin(path, "freezer.state")) {
            return write("THAWED", to: hostJoin(path, "freezer.state"))
        }
        if root.exists(hostJoin(path, "cgroup.freeze")) {
            return write("0", to: hostJoin(path, "cgroup.freeze"))
        }
        return nil
    }

    public func unmount(_ path: String) -> CoreError? {
        if umount2(root.resolve(path), Int32(MNT_DETACH)) == 0 || errno == EINVAL || errno == ENOENT { return nil }
        return CoreError.fromErrno("umount \(path)")
    }

    public func removeDirectory(_ path: String) -> CoreError? {
        rmdir(root.resolve(path)) == 0 || errno == ENOENT ? nil : CoreError.fromErrno("rmdir \(path)")
    }

    public func removeFile(_ path: String) -> CoreError? {
        unlink(root.resolve(path)) == 0 || errno == ENOENT ? nil : CoreError.fromErrno("unlink \(path)")
    }

    /// Refuses to descend into a mount left behind (FileIO.removeTree).
    public func removeTree(_ path: String) -> CoreError? {
        do {
            try FileIO.removeTree(root.resolve(path), shown: path)
            return nil
        } catch {
            return error
        }
    }

    /// `ip link del` (cleanup is not a hot path); deleting one veth end removes its peer too,
    /// so a link that is already gone counts as removed.
    public func deleteLink(_ name: String) -> CoreError? {
        guard root.exists("/sys/class/net/" + name) else { return nil }
        guard let result = commands.run(["ip", "link", "del", "dev", name]) else {
            return CoreError(stage: "ip link del \(name)", errno: ENOENT, detail: "ip not found")
        }
        if result.status == 0 || !root.exists("/sys/class/net/" + name) { return nil }
        return CoreError(stage: "ip link del \(name)", detail: result.output.trimmingWhitespace())
    }

    public func pause() {
        usleep(10_000)
    }

    private func write(_ value: String, to path: String) -> CoreError? {
        let fd = open(root.resolve(path), O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return CoreError.fromErrno("open \(path)") }
        defer { close(fd) }
        let written = value.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count - 1) }
        return written >= 0 ? nil : CoreError.fromErrno("write \(path)")
    }
}
