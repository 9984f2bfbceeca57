import Foundation
import Glibc
import NamespaceCore

/// runc checkpoints through CRIU (`runc --criu <criu> checkpoint --image-path`, `restore
/// --detach`), and so does cbench-oci (the same flags); crun 1.8.1 is built without CRIU, which
/// `checkpointSupport` says. The container's stdio is /dev/null: CRIU cannot dump a
/// descriptor on a host file outside the container's mounts.
extension OCICLITarget: CheckpointingTarget {
    public func checkpointSupport() -> CheckpointSupport {
        guard let path = ExecutablePath.find(executable, environment: environment) else {
            return .unsupported(reason: "\(executable) is not installed")
        }
        let version = (try? Spawn([path, "--version"]).run()).map { $0.stdout + $0.stderr } ?? ""
        return CheckpointSupport.ociRuntime(name, versionText: version, criu: CheckpointSupport.findCRIU(environment: environment))
    }

    public func startCheckpointable(_ container: PreparedContainer) throws -> ContainerRun {
        var run = ContainerRun()
        run.phases.append(try RealTargetSupport.timed("create") {
            let outcome = try command(["create", "--bundle", container.bundle, "--pid-file", container.pidFilePath, container.id],
                                      stdout: .null, stderr: .null).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) create \(container.id)", detail: "exit \(outcome.status)")
            }
        })
        run.phases.append(try RealTargetSupport.timed("start") {
            try RealTargetSupport.checked(command(["start", container.id]).arguments, stage: "\(name) start \(container.id)")
        })
        return run
    }

    public func checkpoint(_ container: PreparedContainer, to directory: String) throws -> Phase {
        try checkpoint(container, to: directory, tcpEstablished: false)
    }

    func checkpoint(_ container: PreparedContainer, to directory: String, tcpEstablished: Bool) throws -> Phase {
        let criu = try requireCRIU()
        let dumped = try? initPid(container)
        let phase = try RealTargetSupport.timed("checkpoint") {
            try RealTargetSupport.checked(
                [executable, "--root", stateRoot, "--criu", criu, "checkpoint", "--image-path", directory]
                    + (tcpEstablished ? ["--tcp-established"] : []) + [container.id],
                stage: "\(name) checkpoint \(container.id)")
        }
        // CRIU killed the dumped init, which came back to us (the runner is a subreaper). Its
        // pid file goes too, so that a cleanup after a failed restore signals no reused pid.
        if let dumped { OCICLITarget.reapIfChild(dumped) }
        unlink(container.pidFilePath)
        return phase
    }

    public func restore(_ container: PreparedContainer, from directory: String) throws -> Phase {
        try restore(container, from: directory, tcpEstablished: false)
    }

    func restore(_ container: PreparedContainer, from directory: String, tcpEstablished: Bool) throws -> Phase {
        let criu = try requireCRIU()
        return try RealTargetSupport.timed("restore") {
            let outcome = try command(["--criu", criu, "restore", "--detach", "--image-path", directory, "--bundle", container.bundle,
                                       "--pid-file", container.pidFilePath] + (tcpEstablished ? ["--tcp-established"] : []) + [container.id],
                                      stdout: .null, stderr: .file(container.stderrPath)).run()
            guard outcome.status == 0 else {
                throw CoreError(stage: "\(name) restore \(container.id)",
                                detail: "exit \(outcome.status): \(outcome.stderr.firstLine()) (log: \(directory)/restore.log)")
            }
        }
    }

    public func initPid(_ container: PreparedContainer) throws -> pid_t {
        let bytes = try FileIO.read(container.pidFilePath, limit: 64)
        guard let pid = pid_t(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CoreError(stage: "\(name) pid of \(container.id)", detail: "no pid in \(container.pidFilePath)")
        }
        return pid
    }

    private func requireCRIU() throws -> String {
        switch checkpointSupport() {
        case .supported(let criu): return criu
        case .unsupported(let reason): throw CoreError(stage: "\(name) checkpoint", detail: reason)
        }
    }

    /// Waits briefly for a killed child; a process that is not ours (ECHILD) is left alone.
    static func reapIfChild(_ pid: pid_t) {
        var status: Int32 = 0
        for _ in 0..<2000 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { return }
            usleep(1000)
        }
    }
}
