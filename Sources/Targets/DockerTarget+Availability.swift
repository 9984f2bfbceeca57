import Foundation
import NamespaceCore

extension DockerTarget {
    /// The Debian client and dockerd are installed, a daemon answers (ours is started when
    /// none runs), and one busybox `true` runs. The version names the daemon and its runtime.
    public func availability() -> TargetAvailability {
        guard ExecutablePath.find(daemon.client, environment: daemon.environment) != nil else {
            return .unavailable(reason: "\(daemon.client) is not installed (apt-get install docker.io)")
        }
        if let reason = context.makeWorkDirectory() { return .unavailable(reason: reason) }
        let host: String
        do {
            if !FileManager.default.fileExists(atPath: daemon.layout.socket) && !FileManager.default.fileExists(atPath: DockerDaemon.systemSocket)
                && ExecutablePath.find(daemon.dockerd, environment: daemon.environment) == nil {
                return .unavailable(reason: "no dockerd answers and \(daemon.dockerd) is not installed (apt-get install docker.io)")
            }
            host = try daemon.ensureRunning()
        } catch {
            return .unavailable(reason: "no Docker daemon: \(error)")
        }
        if let reason = context.missingSmokeRootfs {
            finish()
            return .unavailable(reason: reason)
        }
        let info = try? Spawn(daemon.command(host: host, ["version", "--format", "{{.Server.Version}}"])).run()
        if let runtime, let reason = missingRuntime(runtime, host: host) {
            finish()
            return .unavailable(reason: reason)
        }
        let defaultRuntime = try? Spawn(daemon.command(host: host, ["info", "--format", "{{.DefaultRuntime}}"])).run()
        var version = "docker \(info?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown")"
        if let used = runtime ?? defaultRuntime?.stdout.trimmingCharacters(in: .whitespacesAndNewlines), !used.isEmpty {
            version += " (\(used)" + (daemon.startedByUs ? ", own dockerd)" : ", existing dockerd)")
        }
        return smokeAvailability(version: version, rootfs: context.smokeRootfs)
    }

    /// Why the daemon cannot run containers on `runtime`: a dockerd started without it in its
    /// daemon.json (another program's, or one started before cbench-oci was built).
    func missingRuntime(_ runtime: String, host: String) -> String? {
        let listed = (try? Spawn(daemon.command(host: host, ["info", "--format", "{{json .Runtimes}}"])).run())?.stdout ?? ""
        guard !listed.contains("\"\(runtime)\"") else { return nil }
        return "the running dockerd has no '\(runtime)' runtime (it was started without it: build cbench-oci, stop that dockerd, run again)"
    }
}
