#if canImport(Glibc)
import Glibc
#endif

/// Finds the `cbench-probe` binary to bind-mount into containers.
///
/// Order: `CBENCH_PROBE` (taken as given: an explicit choice that fails loudly
/// rather than falling through), beside the running executable,
/// `.build/cbench-probe` (the `cc -static` build of Scripts/build-probe), then
/// `.build/{release,debug}/cbench-probe` under the package root found upward from
/// the current directory. Only statically linked candidates count after the
/// variable: the SwiftPM-built probe is dynamic and would not start in a
/// container's root filesystem.
///
/// It stays in the core, unlike the probe's report (Scenarios): `InitLocator` builds on it and
/// the app mode needs the init, and the scenarios and the doctor both look for the probe.
public struct ProbeLocator: Sendable {
    public static let binaryName = "cbench-probe"
    public static let environmentVariable = "CBENCH_PROBE"

    public var environment: @Sendable (String) -> String?
    public var executablePath: String?
    public var currentDirectory: String?
    public var fileExists: @Sendable (String) -> Bool
    public var isExecutable: @Sendable (String) -> Bool
    public var isStaticExecutable: @Sendable (String) -> Bool

    public init(
        environment: @escaping @Sendable (String) -> String?,
        executablePath: String?,
        currentDirectory: String?,
        fileExists: @escaping @Sendable (String) -> Bool,
        isExecutable: @escaping @Sendable (String) -> Bool,
        isStaticExecutable: @escaping @Sendable (String) -> Bool
    ) {
        self.environment = environment
        self.executablePath = executablePath
        self.currentDirectory = currentDirectory
        self.fileExists = fileExists
        self.isExecutable = isExecutable
        self.isStaticExecutable = isStaticExecutable
    }

    /// The locator for this process: real environment, /proc/self/exe, getcwd.
    public static var system: ProbeLocator {
        ProbeLocator(
            environment: { name in getenv(name).map { String(cString: $0) } },
            executablePath: Optional(CBenchExecutable.current()).flatMap { $0.isEmpty ? nil : $0 },
            currentDirectory: currentWorkingDirectory(),
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
        var paths: [String] = []
        if let executablePath {
            paths.append(Self.directory(of: executablePath) + "/" + Self.binaryName)
        }
        if let root = packageRoot() {
            paths.append(root + "/.build/" + Self.binaryName)
            paths.append(root + "/.build/release/" + Self.binaryName)
            paths.append(root + "/.build/debug/" + Self.binaryName)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// The nearest directory at or above the current one holding Package.swift.
    public func packageRoot() -> String? {
        guard var directory = currentDirectory, directory.hasPrefix("/") else { return nil }
        while true {
            let base = directory == "/" ? "" : directory
            if fileExists(base + "/Package.swift") { return directory }
            if directory == "/" { return nil }
            directory = Self.directory(of: directory)
        }
    }

    static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func currentWorkingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
