/// Finds the static `cbench-init` (the `--init` PID 1 of app containers), which
/// Scripts/build-probe builds beside the probe. Same order and rules as `ProbeLocator`:
/// `CBENCH_INIT` taken as given, then beside `CBENCH_PROBE`, then the helper directories
/// of the program's `InstallLayout` (never the current directory); only statically linked
/// candidates count, since it runs inside the container's root.
public struct InitLocator: Sendable {
    public static let binaryName = "cbench-init"
    public static let environmentVariable = "CBENCH_INIT"

    /// The seams (environment, paths, file tests) are the probe locator's.
    public var base: ProbeLocator

    public init(base: ProbeLocator) {
        self.base = base
    }

    public static var system: InitLocator { InitLocator(base: .system) }

    /// The init binary for this process, or nil.
    public static func find() -> String? { system.locate() }

    public func locate() -> String? {
        if let explicit = base.environment(Self.environmentVariable), !explicit.isEmpty {
            return base.isExecutable(explicit) ? explicit : nil
        }
        return candidates().first { base.isExecutable($0) && base.isStaticExecutable($0) }
    }

    /// Paths considered after the environment variable, in order. A `CBENCH_PROBE` set by
    /// the Makefile points into the build directory, where the init was built beside it.
    public func candidates() -> [String] {
        var paths: [String] = []
        if let probe = base.environment(ProbeLocator.environmentVariable), probe.hasPrefix("/") {
            paths.append(ProbeLocator.directory(of: probe) + "/" + Self.binaryName)
        }
        paths += base.layout.helperDirectories.map { $0 + "/" + Self.binaryName }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
