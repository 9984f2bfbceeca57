import CShim
import Glibc
import NamespaceCore

extension BundleRuntime {
    /// Waits for the container's process while passing the given signals on to it, as
    /// `runc run` does: the signals are blocked here and read from a signalfd, polled
    /// together with the process's pidfd, so no handler and no thread is needed.
    static func wait(for process: ContainerProcess, forwarding signals: [Int32]) throws -> ExitStatus {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let signalFD = signalfd(-1, &set, Int32(SFD_CLOEXEC))
        guard signalFD >= 0 else { throw CoreError.fromErrno("signalfd") }
        defer { close(signalFD) }

        var fds = [pollfd(fd: process.pidfd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw CoreError.fromErrno("poll pidfd")
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                var info = signalfd_siginfo()
                if read(signalFD, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
                    try? process.signal(Int32(info.ssi_signo))
                }
            }
            if fds[0].revents != 0 {
                return try process.wait()
            }
        }
    }
}
