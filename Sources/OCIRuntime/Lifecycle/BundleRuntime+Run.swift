import Glibc
import NamespaceCore

extension BundleRuntime {
    /// `run` in the foreground: create, exec at once, forward SIGINT/SIGTERM/SIGHUP, wait,
    /// delete, and return the exit code a shell would show (128+N for a signal).
    /// With `process.terminal` and no console socket, the container's pty is relayed to ours.
    public func run(id: String, bundle: String, pidFile: String?, consoleSocket: String? = nil) throws -> Int32 {
        if consoleSocket == nil, (try? RuntimeSpec.load(bundle: BundleRuntime.absolute(bundle)))?.process?.terminal == true {
            return try runOnTerminal(id: id, bundle: bundle, pidFile: pidFile)
        }
        let created = try create(id: id, bundle: bundle, pidFile: pidFile, release: .immediately, consoleSocket: consoleSocket)
        let status: ExitStatus
        do {
            if !created.record.started { try start(id: id) }
            status = try SignalForwarding.blocking([SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2]) { signals in
                try SignalForwarding.wait(for: created.process, signals: signals)
            }
        } catch {
            try? delete(id: id, force: true)
            throw error
        }
        try remove(created.record, cgroup: created.cgroup)
        return status.shellExitCode
    }

    private func runOnTerminal(id: String, bundle: String, pidFile: String?) throws -> Int32 {
        var created: Created?
        let status: ExitStatus
        do {
            status = try SignalForwarding.runOnTerminal(try PseudoTerminal.open(), interactive: true) { slave in
                let made = try create(id: id, bundle: bundle, pidFile: pidFile, release: .immediately, terminalSlave: slave)
                created = made
                if !made.record.started { try start(id: id) }
                return made.process
            }
        } catch {
            if created != nil { try? delete(id: id, force: true) }
            throw error
        }
        if let created { try remove(created.record, cgroup: created.cgroup) }
        return status.shellExitCode
    }

    /// `run --detach`: create and start, leave it running.
    public func runDetached(id: String, bundle: String, pidFile: String?, consoleSocket: String? = nil) throws {
        try create(id: id, bundle: bundle, pidFile: pidFile, release: .atStart, consoleSocket: consoleSocket)
        do {
            try start(id: id)
        } catch {
            try? delete(id: id, force: true)
            throw error
        }
    }
}
