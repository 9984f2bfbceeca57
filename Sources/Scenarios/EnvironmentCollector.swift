import Foundation
import NamespaceCore
import Results
import Targets

/// The environment block of a results document: kernel, distribution, CPU, memory, cgroup
/// mode, density limits, versions of every tool and target, and cbench's git commit.
public enum EnvironmentCollector {
    public static func collect(targetVersions: [String: String], extraVersions: [String: String] = [:],
                               runner: any HostCommandRunning = HostCommandRunner()) -> Environment {
        let facts = HostFacts.read()
        var limits: [String: String] = [:]
        if let value = facts.limits.pidMax { limits["kernel.pid_max"] = String(value) }
        if let value = facts.limits.keysMaxKeys { limits["kernel.keys.maxkeys"] = String(value) }
        if let value = facts.limits.inotifyMaxUserInstances { limits["fs.inotify.max_user_instances"] = String(value) }
        if let nofile = facts.limits.openFiles { limits["nofile"] = "\(nofile.soft.map(String.init) ?? "?")/\(nofile.hard.map(String.init) ?? "?")" }
        for (name, value) in facts.limits.sysctls { limits[name] = value }
        if let nproc = facts.limits.processes { limits["nproc"] = "\(nproc.soft.map(String.init) ?? "?")/\(nproc.hard.map(String.init) ?? "?")" }
        var versions: [String: String] = [:]
        for tool in ToolCheck.checkAll(runner: runner) {
            versions[tool.name] = tool.version ?? (tool.works ? "unknown" : "absent")
        }
        versions["libpfm4"] = libpfmVersion()
        for (name, version) in targetVersions { versions["target:\(name)"] = version }
        for (name, version) in extraVersions { versions[name] = version }
        // `-dirty` when the checkout has changes the commit does not hold.
        let commit = InstallLayout.current.packageRoot.flatMap { package in
            runner.run(["git", "-C", package, "describe", "--always", "--dirty", "--abbrev=12"])
                .flatMap { $0.status == 0 ? $0.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil }
        }
        return Environment(
            kernel: facts.kernelRelease ?? "unknown", distribution: facts.distribution ?? "unknown",
            cpuModel: cpuModel(), cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: ProcessInfo.processInfo.physicalMemory, cgroupMode: facts.cgroups.mode.rawValue,
            limits: limits, versions: versions, cbenchCommit: commit)
    }

    static func cpuModel() -> String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// The libpfm4 package version from dpkg's status file, without running dpkg.
    static func libpfmVersion() -> String {
        let status = (try? String(contentsOfFile: "/var/lib/dpkg/status", encoding: .utf8)) ?? ""
        for block in status.components(separatedBy: "\n\n") where block.hasPrefix("Package: libpfm4\n") {
            if let line = block.split(separator: "\n").first(where: { $0.hasPrefix("Version: ") }) {
                return String(line.dropFirst("Version: ".count))
            }
        }
        return "unknown"
    }

    /// MemAvailable from /proc/meminfo, in bytes: a host-wide number, for the drop the
    /// containers of a density ramp cause, never a per-target metric.
    public static func memAvailableBytes() -> UInt64? { HostMemoryInfo.read().memAvailable }
}
