import Foundation
import NamespaceCore
import Results

/// Decides the isolation rows of the feature matrix from the probe's report inside a
/// container, held against the host's namespaces. Every verdict carries the probe fields
/// that decided it.
public struct IsolationJudge: Sendable {
    public static let rows = ["filesystem", "process", "network", "user", "uts", "ipc"]

    /// Host namespace inodes (from /proc/self/ns of the runner).
    public var host: ProbeReport.Namespaces
    /// The host file the probe was asked to look for (--marker).
    public var marker: String?
    /// The host loopback service the probe was asked to reach (--connect).
    public var loopbackService: String?

    /// The runner's own host pid: a process-isolated container cannot see it.
    public var runnerPid: Int32
    /// How many processes the host had when the judge was made.
    public var hostProcessCount: Int

    public init(host: ProbeReport.Namespaces, marker: String?, loopbackService: String?,
                runnerPid: Int32 = getpid(), hostProcessCount: Int = IsolationJudge.countHostProcesses()) {
        self.host = host
        self.marker = marker
        self.loopbackService = loopbackService
        self.runnerPid = runnerPid
        self.hostProcessCount = hostProcessCount
    }

    /// Numeric entries of /proc.
    public static func countHostProcesses() -> Int {
        ((try? FileIO.names(in: "/proc")) ?? []).filter { Int($0) != nil }.count
    }

    /// The namespaces of this process, read from /proc/self/ns.
    public static func hostNamespaces() -> ProbeReport.Namespaces {
        func inode(_ name: String) -> UInt64? {
            var info = stat()
            return stat("/proc/self/ns/\(name)", &info) == 0 ? UInt64(info.st_ino) : nil
        }
        return ProbeReport.Namespaces(mnt: inode("mnt"), pid: inode("pid"), net: inode("net"), uts: inode("uts"),
                                      ipc: inode("ipc"), user: inode("user"), cgroup: inode("cgroup"), time: inode("time"))
    }

    /// What stands between root in a container without a user namespace and the host's
    /// global settings.
    static func hostRootConfinement(_ modules: [String]) -> String {
        modules.isEmpty
            ? "with no LSM on this host, nothing stops a fresh proc or sysfs mount from reaching host-wide settings such as kernel.core_pattern (with CAP_SYS_ADMIN)"
            : "\(modules.joined(separator: "/")) may confine it, if the target loads a profile"
    }

    public func judge(_ row: String, report: ProbeReport, target: String) -> FeatureResult {
        var checks: [(ok: Bool, evidence: String)] = []
        func namespace(_ kind: NamespaceKind, _ label: String) {
            let inside = report.namespaces?[kind]
            let outside = host[kind]
            let separate = inside != nil && inside != outside
            checks.append((separate, "\(label) namespace \(inside.map(String.init) ?? "unknown") (host \(outside.map(String.init) ?? "unknown"))"))
        }
        switch row {
        case "filesystem":
            namespace(.mount, "mnt")
            if let marker {
                let found = report.marker(marker)
                checks.append((found?.exists == false, "host marker \(marker): " + (found.map { $0.exists ? "visible" : "invisible (\($0.errno ?? "ENOENT"))" } ?? "not checked")))
            }
            if let root = report.mount(at: "/") {
                checks.append((true, "/ is \(root.fstype) \(root.options)"))
            }
        case "process":
            namespace(.pid, "pid")
            // The probe is pid 1 under a plain OCI runtime and a child of the target's init
            // (lxc-execute's lxc-init) elsewhere: either way only the container's own few
            // processes may be visible, and never the runner on the host.
            let pids = report.visiblePids ?? []
            checks.append((true, "probe pid \(report.pid.map(String.init) ?? "unknown")"))
            checks.append((report.visiblePids != nil && pids.count < hostProcessCount,
                           "visible pids \(pids.map(String.init).joined(separator: ",")) (\(pids.count) of the host's \(hostProcessCount))"))
            checks.append((!pids.contains(runnerPid),
                           "runner's host pid \(runnerPid) " + (pids.contains(runnerPid) ? "visible" : "not visible")))
        case "network":
            namespace(.network, "net")
            checks.append((true, "interfaces \(report.interfaceNames.joined(separator: ","))"))
            if let loopbackService {
                let connect = report.connects?.first { $0.target == loopbackService }
                checks.append((connect?.ok == false, "host loopback service \(loopbackService): " + (connect.map { $0.ok ? "reached" : "unreachable (\($0.errno ?? "error"))" } ?? "not checked")))
            }
        case "user":
            namespace(.user, "user")
            let maps = report.uidMappings
            let rootMapping = maps.first { $0.containerID == 0 }
            let mapped = (rootMapping?.hostID ?? 0) != 0
            checks.append((mapped, "uid_map " + (maps.isEmpty ? "empty" : maps.map { "\($0.containerID)->\($0.hostID)x\($0.size)" }.joined(separator: ","))
                           + ", uid \(report.uid.map(String.init) ?? "unknown")"
                           + (mapped ? "" : "; root inside is host root: " + Self.hostRootConfinement(HostSecurityModules.active()))))
        case "uts":
            namespace(.uts, "uts")
            checks.append((true, "hostname \(report.hostname ?? "unknown")"))
        case "ipc":
            namespace(.ipc, "ipc")
        default:
            return FeatureResult(feature: row, target: target, outcome: .failed, evidence: "", detail: "unknown isolation row '\(row)'")
        }
        let failing = checks.filter { !$0.ok }
        let evidence = checks.map { ($0.ok ? "ok: " : "NOT: ") + $0.evidence }.joined(separator: "\n")
        return FeatureResult(feature: "\(row) isolation", target: target, outcome: failing.isEmpty ? .supported : .notSupported,
                             evidence: evidence, detail: failing.first?.evidence ?? checks.first?.evidence)
    }
}
