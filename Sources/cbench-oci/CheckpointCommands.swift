#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import ArgumentParser
import Checkpoints
import Glibc
import NamespaceCore
import OCIRuntime

/// runc's checkpoint flags, shared with nothing else: CRIU does the work (Checkpoints).
struct Checkpoint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Checkpoint a running container with CRIU.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: .customLong("image-path"), help: "path for saving criu image files") var imagePath: String?
    @Option(name: .customLong("work-path"), help: "path for saving work files and logs") var workPath: String?
    @Option(name: .customLong("parent-path"), help: "path for previous criu image files in pre-dump") var parentPath: String?
    @Flag(name: .customLong("leave-running"), help: "leave the process running after checkpointing") var leaveRunning = false
    @Flag(name: .customLong("tcp-established"), help: "allow open tcp connections") var tcpEstablished = false
    @Flag(name: .customLong("ext-unix-sk"), help: "allow external unix sockets") var extUnixSk = false
    @Flag(name: .customLong("shell-job"), help: "allow shell jobs") var shellJob = false
    @Flag(name: .customLong("lazy-pages"), help: "use userfaultfd to lazily restore memory pages") var lazyPages = false
    @Option(name: .customLong("status-fd"), help: "criu writes \\0 to this FD once lazy-pages is ready") var statusFD: Int32 = -1
    @Option(name: .customLong("page-server"), help: "ADDRESS:PORT of the page server") var pageServer: String?
    @Flag(name: .customLong("file-locks"), help: "handle file locks, for safety") var fileLocks = false
    @Flag(name: .customLong("pre-dump"), help: "dump container's memory information only, leave the container running after this") var preDump = false
    @Option(name: .customLong("manage-cgroups-mode"), help: "cgroups mode: 'soft' (default), 'full' and 'strict'") var cgroupsMode: String = "soft"
    @Argument var id: String

    func run() throws {
        try globals.reporting {
            var options = CheckpointOptions(imagePath: CriuPaths.absolute(imagePath ?? "checkpoint"))
            options.workPath = workPath.map(CriuPaths.absolute)
            options.parentPath = parentPath
            options.leaveRunning = leaveRunning
            options.tcpEstablished = tcpEstablished
            options.externalUnixSockets = extUnixSk
            options.shellJob = shellJob
            options.fileLocks = fileLocks
            options.preDump = preDump
            options.lazyPages = lazyPages
            options.cgroupMode = try CriuPaths.cgroupMode(cgroupsMode, command: "checkpoint")
            if let pageServer { options.pageServer = try PageServerAddress(parsing: pageServer) }
            if statusFD >= 0 {
                // runc's check: the descriptor must be open for writing.
                let flags = fcntl(statusFD, F_GETFL)
                guard flags >= 0, flags & O_ACCMODE != O_RDONLY else {
                    throw CoreError(stage: "checkpoint \(id)", detail: "invalid --status-fd \(statusFD): not an open writable descriptor")
                }
                options.statusFD = statusFD
            }
            if lazyPages && options.pageServer == nil {
                throw CoreError(stage: "checkpoint \(id)", detail: "--lazy-pages needs --page-server ADDRESS:PORT to serve the memory on")
            }
            if preDump {
                let features = MigrationHostCheck().features()
                if let reason = features.unsupportedReason(.preCopy) { throw CoreError(stage: "checkpoint --pre-dump \(id)", detail: reason) }
            }
            try globals.runtime.checkpoint(id: id, options: options, service: CRIUService(executable: globals.criu))
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a container from a CRIU checkpoint.")
    @OptionGroup var globals: GlobalOptions
    @Option(name: .customLong("image-path"), help: "path to criu image files for restoring") var imagePath: String?
    @Option(name: .customLong("work-path"), help: "path for saving work files and logs") var workPath: String?
    @Flag(name: .customLong("tcp-established"), help: "allow open tcp connections") var tcpEstablished = false
    @Flag(name: .customLong("ext-unix-sk"), help: "allow external unix sockets") var extUnixSk = false
    @Flag(name: .customLong("shell-job"), help: "allow shell jobs") var shellJob = false
    @Flag(name: .customLong("file-locks"), help: "handle file locks, for safety") var fileLocks = false
    @Option(name: .customLong("manage-cgroups-mode"), help: "cgroups mode: 'soft' (default), 'full' and 'strict'") var cgroupsMode: String = "soft"
    @Option(name: [.short, .long], help: "path to the root of the bundle directory") var bundle: String = "."
    @Flag(name: [.short, .long], help: "detach from the container's process") var detach = false
    @Option(name: .customLong("pid-file"), help: "specify the file to write the process id to") var pidFile: String?
    @Flag(name: .customLong("lazy-pages"), help: "use userfaultfd to lazily restore memory pages") var lazyPages = false
    @Option(name: .customLong("page-server"), help: "with --lazy-pages: ADDRESS:PORT of the source's page server; a criu lazy-pages daemon is started for it (else start one yourself, as with runc)")
    var pageServer: String?
    @Flag(name: .customLong("no-subreaper"), help: "Accepted for runc compatibility.") var noSubreaper = false
    @Flag(name: .customLong("no-pivot"), help: "Accepted for runc compatibility.") var noPivot = false
    @Argument var id: String

    func run() throws {
        let code = try globals.reporting { () throws -> Int32? in
            var options = RestoreOptions(imagePath: CriuPaths.absolute(imagePath ?? "checkpoint"))
            options.workPath = workPath.map(CriuPaths.absolute)
            options.tcpEstablished = tcpEstablished
            options.externalUnixSockets = extUnixSk
            options.shellJob = shellJob
            options.fileLocks = fileLocks
            options.lazyPages = lazyPages
            options.cgroupMode = try CriuPaths.cgroupMode(cgroupsMode, command: "restore")
            if let pageServer { options.pageServer = try PageServerAddress(parsing: pageServer) }
            return try globals.runtime.restore(id: id, bundle: bundle, options: options, detach: detach, pidFile: pidFile,
                                               service: CRIUService(executable: globals.criu))
        }
        if let code, code != 0 { throw ExitCode(code) }
    }
}

enum CriuPaths {
    /// runc resolves relative image and work paths against the current directory.
    static func absolute(_ path: String) -> String { FileIO.absolutePath(path) }

    static func cgroupMode(_ text: String, command: String) throws(CoreError) -> CRIUCgroupMode {
        guard let mode = CRIUCgroupMode(rawValue: text), [.soft, .full, .strict, .ignore].contains(mode) else {
            throw CoreError(stage: "\(command) --manage-cgroups-mode \(text)", detail: "use soft, full, strict or ignore")
        }
        return mode
    }
}
