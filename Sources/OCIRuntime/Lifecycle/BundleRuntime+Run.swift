import Glibc
import NamespaceCore

extension BundleRuntime {
    /// `run` in the foreground: create, exec at once, forward SIGINT/SIGTERM/SIGHUP, wait,
    /// delete, and return the exit code a shell would show (128+N for a signal).
    /// With `process.terminal` and no console socket, the pty the process opened in the
    /// container's devpts (so `tty` inside names /dev/pts/N) is relayed to ours.
    public func run(id: String, bundle: String, pidFile: String?, consoleSocket: String? = nil) throws -> Int32 {
        let created = try create(id: id, bundle: bundle, pidFile: pidFile, release: .immediately, consoleSocket: consoleSocket,
                                 relaysTerminal: consoleSocket == nil, startsHere: true)
        let status: ExitStatus
        do {
            if let master = created.terminal {
                status = try SignalForwarding.relay(master: master, interactive: true) {
                    if !created.record.started { try start(id: id) }
                    return created.process
                }
            } else {
                if !created.record.started { try start(id: id) }
                status = try SignalForwarding.blocking([SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]) { signals in
                    try SignalForwarding.wait(for: created.process, signals: signals)
                }
            }
        } catch {
            try? delete(id: id, force: true)
            throw error
        }
        try remove(created.record, cgroup: created.cgroup)
        return status.shellExitCode
    }

    /// `run --detach`: create and start, leave it running.
    public func runDetached(id: String, bundle: String, pidFile: String?, consoleSocket: String? = nil) throws {
        try create(id: id, bundle: bundle, pidFile: pidFile, release: .atStart, consoleSocket: consoleSocket, startsHere: true)
        do {
            try start(id: id)
        } catch {
            try? delete(id: id, force: true)
            throw error
        }
    }
}
