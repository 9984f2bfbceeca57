#if canImport(Glibc)
import Glibc
#endif

/// Finds the `cbench-probe` binary to bind-mount into containers.
///
/// Order: `CBENCH_PROBE` (taken as given: an explicit choice that fails loudly
/// rather than falling through), then the helper directories of the program's
/// `InstallLayout`: beside it, `PREFIX/libexec/cbench`, and `.build`,
/// `.build/{release,debug}` of the package it was built in. Never the current
/// directory. Only statically linked candidates count after the variable: the
/// SwiftPM-built probe is dynamic and would not start in a container's root.
///
/// It stays in the core, unlike the probe's report (Scenarios): `InitLocator` builds on it and
/// the app mode needs the init, and the scenarios and the doctor both look for the probe.
public struct ProbeLocator: Sendable {
    public static let binaryName = "cbench-probe"
    public static let environmentVariable = "CBENCH_PROBE"

    public var environment: @Sendable (String) -> String?
    public var executablePath: String?
    public var fileExists: @Sendable (String) -> Bool
    public var isExecutable: @Sendable (String) -> Bool
    public var isStaticExecutable: @Sendable (String) -> Bool

    public init(
        environment: @escaping @Sendable (String) -> String?,
        executablePath: String?,
        fileExists: @escaping @Sendable (String) -> Bool,
        isExecutable: @escaping @Sendable (String) -> Bool,
        isStaticExecutable: @escaping @Sendable (String) -> Bool
    ) {
        self.environment = environment
        self.executablePath = executablePath
        self.fileExists = fileExists
        self.isExecutable = isExecutable
        self.isStaticExecutable = isStaticExecutable
    }

    /// The locator for this process: real environment, /proc/self/exe.
    public static var system: ProbeLocator {
        ProbeLocator(
            // A relative path in CBENCH_PROBE or a companion's variable is the caller's working
            // directory's: containers bind it from elsewhere, so it is made absolute here.
            environment: { name in getenv(name).map { String(cString: $0) }.map { $0.isEmpty ? $0 : FileIO.absolutePath($0) } },
            executablePath: Optional(CBenchExecutable.current()).flatMap { $0.isEmpty ? nil : $0 },
            fileExists: { access($0, F_OK) == 0 },
            isExecutable: { ExecutablePath.isExecutableFile($0) },
            isStaticExecutable: { ELFInspector.isStaticExecutable(atPath: $0) }
        )
    }

    /// The probe for this process, or nil.
    public static func find() -> String? { system.locate() }

    public func locate() -> String? {
        if let explicit = environment(Self.environmentVariable), !explicit.isEmpty {
            return isExecutable(explicit) ? explicit : nil
        }
        return candidates().first { isExecutable($0) && isStaticExecutable($0) }
    }

    /// Paths considered after the environment variable, in order.
    public func candidates() -> [String] {
        layout.helperDirectories.map { $0 + "/" + Self.binaryName }
    }

    /// The build tree or install prefix of the program.
    public var layout: InstallLayout {
        InstallLayout(executable: executablePath, fileExists: fileExists)
    }

    /// The package the program was built in, found upward from the program itself.
    public func packageRoot() -> String? { layout.packageRoot }

    static func directory(of path: String) -> String { InstallLayout.directory(of: path) }
}
