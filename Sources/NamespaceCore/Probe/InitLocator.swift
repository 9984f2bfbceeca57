/// Finds the static `cbench-init` (the `--init` PID 1 of app containers), which
/// Scripts/build-probe builds beside the probe. Same order and rules as `ProbeLocator`:
/// `CBENCH_INIT` taken as given, then beside the running executable, then
/// `.build/cbench-init` and `.build/{release,debug}/cbench-init` under the package root;
/// only statically linked candidates count, since it runs inside the container's root.
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
        if let executablePath = base.executablePath {
            paths.append(ProbeLocator.directory(of: executablePath) + "/" + Self.binaryName)
        }
        if let root = base.packageRoot() {
            paths.append(root + "/.build/" + Self.binaryName)
            paths.append(root + "/.build/release/" + Self.binaryName)
            paths.append(root + "/.build/debug/" + Self.binaryName)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
