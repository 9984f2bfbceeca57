import Foundation
import Glibc
import Results
import Targets

/// "Security defaults": one sub-row per attempt of the probe (`--escape`, escapes.c) to
/// reach the host from a container started with the target's own defaults (no extra flags,
/// busybox root). A blocked attempt is "supported" (the target defends), one that got
/// through is "not supported" with what it reached, one the kernel let through without
/// anything of the host in reach is "partial", and one that could not be set up is
/// "failed to measure".
public struct SecurityDefaultRow: ProbedFeatureRow {
    public enum Attempt: String, CaseIterable, Sendable {
        case openByHandle = "open_by_handle_at"
        case mountProcSysfs = "mount_proc_sysfs"
        case writeProcSys = "write_proc_sys"
        case corePattern = "core_pattern"
        case mknodBlock = "mknod_block"
        case loadModule = "load_module"
        case ptraceOutside = "ptrace_outside"
        case keyring
        case rawSocket = "raw_socket"
        case readKcore = "read_kcore"
        case leakedFds = "leaked_fds"
        case cwdProcFd = "cwd_proc_fd"

        /// What the target is to stop, as the row names it.
        var title: String {
            switch self {
            case .openByHandle: return "opening a host path by handle (open_by_handle_at)"
            case .mountProcSysfs: return "mounting proc and sysfs"
            case .writeProcSys: return "writing /proc/sys and /proc/sysrq-trigger"
            case .corePattern: return "changing core_pattern"
            case .mknodBlock: return "mknod of a block device and reading it"
            case .loadModule: return "loading a kernel module"
            case .ptraceOutside: return "ptrace of a process outside"
            case .keyring: return "the host's keyring"
            case .rawSocket: return "raw sockets"
            case .readKcore: return "reading /proc/kcore"
            case .leakedFds: return "file descriptors leaked by the runtime"
            case .cwdProcFd: return "cwd through /proc/self/fd"
            }
        }
    }

    public var attempt: Attempt
    /// Puts the host's core_pattern back after the row (the `corePattern` attempt only).
    let hostCorePattern: HostCorePattern?

    public init(_ attempt: Attempt, hostCorePattern: HostCorePattern? = nil) {
        self.attempt = attempt
        self.hostCorePattern = attempt == .corePattern ? hostCorePattern ?? HostCorePattern() : nil
    }

    /// Every attempt, in the order of the list.
    public static var all: [SecurityDefaultRow] { Attempt.allCases.map { SecurityDefaultRow($0) } }

    public var key: String { "security-" + attempt.rawValue.replacingOccurrences(of: "_", with: "-") }
    public var feature: String { "security defaults block: \(attempt.title)" }
    public var group: String { "security" }

    public func container(_ setup: FeatureRowSetup) throws -> ContainerWorkload {
        hostCorePattern?.save()
        var root = stat()
        guard stat("/", &root) == 0 else { throw StepFailure(stage: "prepare", "stat /: \(String(cString: strerror(errno)))") }
        return setup.probeWorkload(rootfs: setup.busyboxRootfs,
                                   ["--only", "none", "--escape", attempt.rawValue, "--host-root", "\(root.st_dev):\(root.st_ino)"])
    }

    public func judge(_ report: ProbeReport, target: String) -> FeatureResult {
        let hostCheck = hostCorePattern?.restore()
        guard let escape = report.escapes?[attempt.rawValue] else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: "the probe's report has no attempt \(attempt.rawValue)"
                                    + (hostCheck.map { "\n\($0)" } ?? ""), detail: "the probe did not try \(attempt.rawValue)")
        }
        var evidence = "cbench-probe --escape \(attempt.rawValue) (the target's defaults): \(escape.outcome.rawValue)"
            + (escape.errno.map { " (\($0))" } ?? "") + (escape.signal.map { ", killed by \($0)" } ?? "") + "\n\(escape.detail)"
        if let hostCheck { evidence += "\n\(hostCheck)" }
        switch escape.outcome {
        case .blocked:
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence, detail: "blocked: \(escape.detail)")
        case .reached:
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence, detail: "it got through: \(escape.detail)")
        case .permitted:
            return FeatureResult(feature: feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "the call is permitted; nothing of the host was in reach: \(escape.detail)")
        case .untried:
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence, detail: "not tried: \(escape.detail)")
        }
    }

    public func finish() {
        _ = hostCorePattern?.restore()
    }
}
