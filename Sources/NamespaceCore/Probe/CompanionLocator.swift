/// Finds a static helper that Scripts/build-probe builds beside the probe (`cbench-init`,
/// `cbench-pingpong`, `cbench-work`, `cbench-monitor`): its environment variable taken as given, then beside `CBENCH_PROBE`,
/// then the helper directories of the program's `InstallLayout` (never the current
/// directory); only statically linked candidates count, since they run inside containers' roots or in
/// other hosts' namespaces.
public struct CompanionLocator: Sendable {
    public var binaryName: String
    public var environmentVariable: String
    /// The seams (environment, paths, file tests) are the probe locator's.
    public var base: ProbeLocator

    public init(binaryName: String, environmentVariable: String, base: ProbeLocator = .system) {
        self.binaryName = binaryName
        self.environmentVariable = environmentVariable
        self.base = base
    }

    /// The TCP/UDP round-trip tool of the network measurements.
    public static var pingPong: CompanionLocator {
        CompanionLocator(binaryName: "cbench-pingpong", environmentVariable: "CBENCH_PINGPONG")
    }

    /// `cbench-work`, the workloads of the overhead scenarios.
    public static func work(base: ProbeLocator = .system) -> CompanionLocator {
        CompanionLocator(binaryName: "cbench-work", environmentVariable: "CBENCH_WORK", base: base)
    }

    /// `cbench-monitor`, the lean monitor of a run root's detached app containers; when it is
    /// missing, detached containers keep the full `cbench app _supervise`.
    public static var monitor: CompanionLocator {
        CompanionLocator(binaryName: "cbench-monitor", environmentVariable: "CBENCH_MONITOR")
    }

    public func locate() -> String? {
        if let explicit = base.environment(environmentVariable), !explicit.isEmpty {
            return base.isExecutable(explicit) ? explicit : nil
        }
        return candidates().first { base.isExecutable($0) && base.isStaticExecutable($0) }
    }

    /// Paths considered after the environment variable, in order. A `CBENCH_PROBE` set by
    /// the Makefile points into the build directory, where the helper was built beside it.
    public func candidates() -> [String] {
        var paths: [String] = []
        if let probe = base.environment(ProbeLocator.environmentVariable), probe.hasPrefix("/") {
            paths.append(ProbeLocator.directory(of: probe) + "/" + binaryName)
        }
        paths += base.layout.helperDirectories.map { $0 + "/" + binaryName }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
