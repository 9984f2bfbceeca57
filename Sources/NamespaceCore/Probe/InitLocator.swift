/// Finds the static `cbench-init` (the `--init` PID 1 of app containers), which
/// Scripts/build-probe builds beside the probe: `CBENCH_INIT`, then the places
/// `CompanionLocator` looks.
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

    var companion: CompanionLocator {
        CompanionLocator(binaryName: Self.binaryName, environmentVariable: Self.environmentVariable, base: base)
    }

    public func locate() -> String? { companion.locate() }

    public func candidates() -> [String] { companion.candidates() }
}
