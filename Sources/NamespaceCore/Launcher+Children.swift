#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Descriptors the launcher opened for one launch; all closed when it returns.
struct LaunchDescriptors {
    private var fds: [Int32] = []

    mutating func open(_ path: String, _ flags: Int32, stage: String) throws(CoreError) -> Int32 {
        let fd = Glibc.open(path, flags)
        guard fd >= 0 else { throw CoreError(stage: stage, errno: errno) }
        fds.append(fd)
        return fd
    }

    mutating func adopt(_ fd: Int32) { fds.append(fd) }

    mutating func closeAll() {
        for fd in fds { close(fd) }
        fds.removeAll()
    }
}

/// The processes one launch created, so a failure can kill and reap every one of them.
struct SpawnedChildren {
    private var firstPID: Int32
    private var firstPidfd: Int32
    private var firstReaped = false
    private(set) var finalPID: Int32 = 0
    private var finalPidfd: Int32 = -1
    private var handedOver = false

    init(firstPID: Int32, firstPidfd: Int32) {
        self.firstPID = firstPID
        self.firstPidfd = firstPidfd
    }

    mutating func setFinal(pid: Int32, pidfd: Int32) {
        finalPID = pid
        finalPidfd = pidfd
    }

    /// Reaps the first child of the two-step path after it forked the final one.
    mutating func reapFirst() throws(CoreError) -> ExitStatus {
        var code: Int32 = 0
        var status: Int32 = 0
        while cshim_waitid_pidfd(firstPidfd, WEXITED, &code, &status, nil) != 0 {
            guard errno == EINTR else { throw CoreError(stage: "wait for \(firstPID)", errno: errno) }
        }
        firstReaped = true
        close(firstPidfd)
        firstPidfd = -1
        return ExitStatus.from(code: code, status: status)
    }

    /// The final process, now owned by the caller (its pidfd included).
    mutating func takeFinal() -> ContainerProcess {
        handedOver = true
        if firstPidfd >= 0 && firstPidfd != finalPidfd { close(firstPidfd) }
        return ContainerProcess(pid: finalPID, pidfd: finalPidfd)
    }

    /// SIGKILL and reap everything this launch started; leaves no zombie behind.
    mutating func killAndReap() {
        guard !handedOver else { return }
        var code: Int32 = 0
        var status: Int32 = 0
        if finalPidfd >= 0 {
            _ = cshim_pidfd_send_signal(finalPidfd, SIGKILL, 0)
            while cshim_waitid_pidfd(finalPidfd, WEXITED, &code, &status, nil) != 0 && errno == EINTR {}
        }
        if firstPidfd >= 0 && firstPidfd != finalPidfd && !firstReaped {
            _ = cshim_pidfd_send_signal(firstPidfd, SIGKILL, 0)
            while cshim_waitid_pidfd(firstPidfd, WEXITED, &code, &status, nil) != 0 && errno == EINTR {}
        } else if firstPidfd >= 0 && firstPidfd == finalPidfd {
            // Same process: already reaped above.
        } else if firstPidfd < 0 && !firstReaped {
            _ = kill(firstPID, SIGKILL)
            while cshim_waitid_pid(firstPID, WEXITED, &code, &status) != 0 && errno == EINTR {}
        }
        if finalPidfd >= 0 { close(finalPidfd) }
        if firstPidfd >= 0 && firstPidfd != finalPidfd { close(firstPidfd) }
        finalPidfd = -1
        firstPidfd = -1
    }
}
