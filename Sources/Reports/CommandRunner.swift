import Foundation

/// What running an external program gave back.
public struct CommandResult: Sendable, Equatable {
    public var status: Int32
    /// Standard output and standard error, interleaved.
    public var output: String

    public init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // One pipe for both streams: reading two pipes one after the other can
        // deadlock once the unread one fills.
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ReportError.wrapping(error, stage: "run \(path)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
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
