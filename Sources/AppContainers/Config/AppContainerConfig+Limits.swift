#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension AppContainerConfig {
    /// Docker's floor for `--memory`: below it a container cannot even start its process.
    public static let minimumMemoryBytes: Int64 = 6 << 20

    /// The resource flags as docker checks them: `--memory` at least 6 MB, `--pids-limit`
    /// positive or 0/-1 (unlimited), `--cpus` positive.
    public func validateLimits() throws(CoreError) {
        if let memoryBytes, memoryBytes < Self.minimumMemoryBytes {
            throw CoreError(stage: "--memory \(memoryBytes) bytes", errno: EINVAL,
                            detail: "the minimum memory limit is 6 MB, as docker's; give -m 6m or more")
        }
        if let pidsLimit, pidsLimit < -1 {
            throw CoreError(stage: "--pids-limit \(pidsLimit)", errno: EINVAL,
                            detail: "give a positive number of processes, or -1 (or 0) for no limit")
        }
        if let cpus, !(cpus > 0) {
            throw CoreError(stage: "--cpus \(cpus)", errno: EINVAL, detail: "give a positive number of CPUs, e.g. 0.5")
        }
    }

    /// `--pids-limit`: 0 and -1 mean no limit, as docker reads them.
    public var effectivePidsLimit: Int64? {
        pidsLimit.flatMap { $0 > 0 ? $0 : nil }
    }
}
