import Glibc
import NamespaceCore
import SystemContainers

/// The directory root of a system-style container that writes to its root (LXC's `dir:`
/// storage): a copy of a busybox root whose inittab marks the end of boot as the busybox
/// template's does, so the workload is attached to a booted system, not to one mid-boot.
enum SystemRootCopy {
    static func make(from source: String, at destination: String) throws {
        try HostFiles.copyTree(source, to: destination)
        let inittab = destination + "/etc/inittab"
        let text = String(decoding: try FileIO.read(inittab), as: UTF8.self)
        try FileIO.write(inittab, Array(SystemTemplate.addingReadinessLine(to: text).utf8))
    }

    /// Until the readiness marker exists in the init's root, or the init is gone.
    static func waitBooted(initPid: pid_t, timeout: Double) throws {
        let marker = "/proc/\(initPid)/root\(SystemTemplate.busyboxReadinessMarker)"
        let deadline = MonotonicClock.now() + UInt64(timeout * 1e9)
        while access(marker, F_OK) != 0 {
            guard Glibc.kill(initPid, 0) == 0 else {
                throw CoreError(stage: "boot of init \(initPid)", detail: "the init exited before it had booted")
            }
            guard MonotonicClock.now() < deadline else {
                throw CoreError(stage: "boot of init \(initPid)", errno: ETIMEDOUT, detail: "no \(SystemTemplate.busyboxReadinessMarker) after \(timeout) s")
            }
            usleep(1000)
        }
    }
}
