#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Starts CRIU with some of the caller's descriptors at fixed numbers (the RPC socket at 3,
/// inherited descriptors after it). The one place that starts CRIU, through the core's spawn;
/// a seam a test can stand in for.
public protocol CRIUProcessStarting: Sendable {
    /// `descriptors` maps a number in CRIU's process to a descriptor of the caller; 0, 1 and 2
    /// are /dev/null unless mapped. `networkNamespace`: a descriptor of the namespace CRIU
    /// starts in (nil: the caller's). Returns CRIU's pid; the caller waits for it.
    func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?,
               networkNamespace: Int32?) throws(CheckpointError) -> pid_t
    /// Waits for a started CRIU and returns its exit status as a shell shows it.
    func wait(_ pid: pid_t) -> Int32
}

extension CRIUProcessStarting {
    /// Starts CRIU in the caller's network namespace.
    public func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?) throws(CheckpointError) -> pid_t {
        try start(arguments, descriptors: descriptors, outputPath: outputPath, networkNamespace: nil)
    }
}

/// The core's spawn, in this process's session (CRIU must be the caller's child: the restored
/// tree becomes the caller's child through `--restore-sibling`), stdout and stderr appended to
/// `outputPath` or on /dev/null unless mapped.
public struct CRIUProcessStarter: CRIUProcessStarting {
    public init() {}

    public func start(_ arguments: [String], descriptors: [Int32: Int32], outputPath: String?,
                      networkNamespace: Int32?) throws(CheckpointError) -> pid_t {
        let output = outputPath.map(Spawn.Output.appending) ?? .null
        var spawn = Spawn(arguments, stdout: output, stderr: output, placing: descriptors, session: .inherited)
        spawn.networkNamespace = networkNamespace
        return try spawn.start().pid
    }

    public func wait(_ pid: pid_t) -> Int32 {
        (try? ChildProcess.wait(pid).exitCodeForShell) ?? -1
    }
}
