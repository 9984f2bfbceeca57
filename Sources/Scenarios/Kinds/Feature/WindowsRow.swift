import Results
import Targets

/// "Windows as the container OS": a Windows program (a PE32+ executable written by
/// `WindowsExecutable`) execed inside a container of every target. The kernel refuses the
/// format (ENOEXEC): that refusal is the evidence of "not supported"; a PE file that ran
/// (binfmt_misc with an emulator registered) would be "supported".
public struct WindowsRow: ProbedFeatureRow {
    public init() {}

    public var key: String { "windows" }
    public var feature: String { "Windows as the container OS" }
    public var group: String { "distributions" }
    static let fileName = "hello-windows.exe"

    public func container(_ setup: FeatureRowSetup) throws -> ContainerWorkload {
        let path = try setup.write(Self.fileName, WindowsExecutable.bytes)
        return setup.probeWorkload(rootfs: setup.busyboxRootfs, ["--only", "none", "--exec-pe", path])
    }

    public func judge(_ report: ProbeReport, target: String) -> FeatureResult {
        let path = "\(FeatureRowSetup.dataMountPoint)/\(Self.fileName)"
        guard let check = report.execPe?.first(where: { $0.path == path }) else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: "the probe's report has no exec of \(path)",
                                 detail: "the probe did not try the PE file")
        }
        let evidence = "execve(\(path)) of a \(WindowsExecutable.bytes.count)-byte PE32+ x86-64 console program: "
            + (check.ok ? "it ran" : (check.errno ?? "failed"))
        if check.ok {
            return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "the kernel ran the PE file (a binfmt_misc handler?)")
        }
        if check.errno == "ENOEXEC" {
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "execve: ENOEXEC (exec format error): the Linux kernel has no format for a Windows program")
        }
        return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                             detail: "the PE file could not be tried: \(check.errno ?? "unknown error")")
    }
}
