#if canImport(Glibc)
import Glibc
#endif

/// Sends a signal to a process; returns 0 or the errno. A seam so `killAll` is unit-testable.
public typealias CgroupSignalSender = @Sendable (_ pid: Int32, _ signal: Int32) -> Int32

/// A machine's cgroup set-up and the means to act on it: the layout found in its mountinfo,
/// the file system to use and how to signal processes.
public struct CgroupHost: Sendable {
    public var layout: CgroupLayout
    public var fs: any CgroupFS
    public var sendSignal: CgroupSignalSender

    public var mode: CgroupMode { layout.mode }

    public init(layout: CgroupLayout, fs: any CgroupFS, sendSignal: @escaping CgroupSignalSender = CgroupHost.killProcess) {
        self.layout = layout
        self.fs = fs
        self.sendSignal = sendSignal
    }

    /// Detects the layout from `mountinfo` (default: `fs` reads /proc/self/mountinfo) and,
    /// when a cgroup2 tree is mounted, reads the controllers its root offers.
    public static func detect(
        fs: any CgroupFS = RealCgroupFS(),
        mountinfo: String? = nil,
        sendSignal: @escaping CgroupSignalSender = CgroupHost.killProcess
    ) throws(CoreError) -> CgroupHost {
        let text: String
        if let mountinfo {
            text = mountinfo
        } else {
            do { text = try fs.read("/proc/self/mountinfo") } catch {
                throw CoreError(stage: "read /proc/self/mountinfo", errno: error.errno)
            }
        }
        var layout = try CgroupLayout(mountinfo: text)
        if var unified = layout.unified {
            // Missing on old kernels' hybrid mounts; an empty list is then the truth.
            let listed = (try? fs.read(unified.mountPoint + "/cgroup.controllers")) ?? ""
            unified.controllers = listed.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            layout.unified = unified
        }
        return CgroupHost(layout: layout, fs: fs, sendSignal: sendSignal)
    }

    /// This machine, through the real cgroupfs.
    public static func current() throws(CoreError) -> CgroupHost {
        try detect()
    }

    public static let killProcess: CgroupSignalSender = { pid, signal in
        Glibc.kill(pid, signal) == 0 ? 0 : Glibc.errno
    }
}
