import Foundation
import NamespaceCore

/// What running an external program gave back: its status and its stdout and stderr, interleaved.
public typealias CommandResult = HostCommandResult

/// The seam between reports and external programs (gnuplot), so tests can
/// check what would run without running it.
public protocol CommandRunning: Sendable {
    func run(_ executable: String, arguments: [String], in directory: URL) throws -> CommandResult
}

/// Runs a program found on PATH (or given by path) and waits for it.
public struct ProcessRunner: CommandRunning {
    public init() {}

    public func run(_ executable: String, arguments: [String], in directory: URL) throws -> CommandResult {
        guard let path = ProcessRunner.locate(executable) else {
            throw ReportError(stage: "run \(executable)", errno: ENOENT, detail: "not found on PATH")
        }
        guard let result = HostCommandRunner().run([path] + arguments, in: directory.path) else {
            throw ReportError(stage: "run \(path)", errno: EIO, detail: "could not be started")
        }
        return result
    }

    /// The absolute path of `name`: itself if it contains a slash, else the
    /// first executable of that name on PATH.
    public static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
