#if canImport(Glibc)
import Glibc
#endif

/// Where cbench's helper programs (cbench-probe, cbench-init, cbench-oci) and data (the
/// scenario files, Results/ and its baselines) are, found from the running program alone,
/// never from the current directory:
/// - a build tree: the program is `PACKAGE/.build/.../cbench`; the package is the nearest
///   directory above it holding Package.swift; helpers are built into the scratch directory
///   the program is in (`PACKAGE/.build/`, or `PACKAGE/.build-NAME/` of `make SCRATCH=`),
///   then `PACKAGE/.build/`; data is `PACKAGE/Scenarios` and `PACKAGE/Results`;
/// - an install prefix: the program is `PREFIX/bin/cbench`; helpers are in
///   `PREFIX/libexec/cbench/`, data in `PREFIX/share/cbench/`.
public struct InstallLayout: Sendable, Equatable {
    /// The running program (or a test bundle), resolved.
    public var executable: String?
    /// The package whose build tree holds the program, when it runs from one.
    public var packageRoot: String?
    /// `PREFIX` when the program sits in `PREFIX/bin`.
    public var prefix: String?

    public init(executable: String?, fileExists: (String) -> Bool) {
        self.executable = executable
        guard let executable, executable.hasPrefix("/") else { return }
        var directory = InstallLayout.directory(of: executable)
        while true {
            if fileExists((directory == "/" ? "" : directory) + "/Package.swift") {
                packageRoot = directory
                break
            }
            if directory == "/" { break }
            directory = InstallLayout.directory(of: directory)
        }
        let bin = InstallLayout.directory(of: executable)
        if packageRoot == nil, bin.hasSuffix("/bin") { prefix = InstallLayout.directory(of: bin) }
    }

    /// The layout of this process (/proc/self/exe).
    public static var current: InstallLayout {
        InstallLayout(executable: CBenchExecutable.current(), fileExists: { access($0, F_OK) == 0 })
    }

    /// Directories a helper program may be in, in order of preference.
    public var helperDirectories: [String] {
        var directories: [String] = []
        if let executable { directories.append(InstallLayout.directory(of: executable)) }
        if let prefix { directories.append(prefix + "/libexec/cbench") }
        if let packageRoot {
            let scratches = [scratchDirectory, packageRoot + "/.build"].compactMap { $0 }
            directories += scratches.flatMap { [$0, $0 + "/release", $0 + "/debug"] }
        }
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    /// The SwiftPM scratch directory the program was built in: the first directory below the
    /// package on the program's path (`.build` by default, another with `make SCRATCH=`).
    public var scratchDirectory: String? {
        guard let packageRoot, let executable else { return nil }
        let base = packageRoot == "/" ? "" : packageRoot
        guard executable.hasPrefix(base + "/") else { return nil }
        let below = executable.dropFirst(base.count + 1).split(separator: "/")
        guard below.count > 1, let first = below.first else { return nil }
        return base + "/" + first
    }

    /// Where the data files live: the package itself, or `PREFIX/share/cbench`.
    public var dataDirectory: String? {
        packageRoot ?? prefix.map { $0 + "/share/cbench" }
    }

    public var scenariosDirectory: String? { dataDirectory.map { $0 + "/Scenarios" } }
    public var resultsDirectory: String? { dataDirectory.map { $0 + "/Results" } }

    /// One line for an error: where helpers and data were looked for.
    public var searchedText: String {
        let helpers = helperDirectories.isEmpty ? "nowhere (the running program is unknown)" : helperDirectories.joined(separator: ", ")
        return "looked beside the program and in \(helpers)"
    }

    public static func directory(of path: String) -> String {
        let trimmed = path.droppingTrailingSlashes()
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
