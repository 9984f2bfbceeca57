#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension SystemRuntime {
    /// `attach` with the command's stdout and stderr on the given descriptors and stdin on
    /// /dev/null, for callers that keep what the command prints (the scenario targets).
    public func attach(name: String, command: [String], stdout: Int32, stderr: Int32) throws -> ExitStatus {
        guard !command.isEmpty else { throw CoreError(stage: "attach \(name)", detail: "no command given") }
        let record = try requireRunning(name)
        var spec = try attachSpec(record: record, config: try store.loadConfig(of: name), command: command, environment: [])
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard devNull >= 0 else { throw CoreError.fromErrno("open /dev/null") }
        defer { close(devNull) }
        spec.stdio = .fds(stdin: devNull, stdout: stdout, stderr: stderr)
        return try Launcher().launch(spec).wait()
    }
}
