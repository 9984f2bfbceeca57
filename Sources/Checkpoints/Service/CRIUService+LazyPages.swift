#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension CRIUService {
    /// Starts `criu lazy-pages`, the destination's daemon of a post-copy restore: it connects
    /// to the source's page server and fills the restored tree's memory through userfaultfd,
    /// page by page on first touch and the rest in the background, then exits. It has no RPC
    /// request, so it runs from CRIU's command line; the restore (RPC, `lazyPages`) finds it by
    /// the socket it makes in `workDirectory`. Without `source` it reads the pages from the
    /// images themselves. Returns its pid once it listens (`startingLazyPagesDaemon` and
    /// `awaitLazyPagesDaemon` for a caller with other work meanwhile); wait for its end with
    /// `finishLazyPagesDaemon`.
    public func startLazyPagesDaemon(imageDirectory: String, workDirectory: String?, source: PageServerAddress?) throws(CheckpointError) -> pid_t {
        let pid = try startingLazyPagesDaemon(imageDirectory: imageDirectory, workDirectory: workDirectory, source: source)
        try awaitLazyPagesDaemon(pid, workDirectory: workDirectory ?? imageDirectory)
        return pid
    }

    /// Starts the daemon without waiting for its socket (`awaitLazyPagesDaemon`). `connection`:
    /// a TCP connection to the source's page server made already (`--ps-socket`), used instead
    /// of connecting to `source`'s address.
    public func startingLazyPagesDaemon(imageDirectory: String, workDirectory: String?, source: PageServerAddress?,
                                        connection: Int32? = nil) throws(CheckpointError) -> pid_t {
        try starter.start(Self.lazyPagesArguments(executable: executable, imageDirectory: imageDirectory, workDirectory: workDirectory,
                                                  source: source, connected: connection != nil),
                          descriptors: connection.map { [Self.lazyPagesConnectionNumber: $0] } ?? [:], outputPath: nil)
    }

    /// Where the daemon finds a connection made for it (`--ps-socket`).
    static let lazyPagesConnectionNumber: Int32 = 3

    /// `criu lazy-pages`'s command line: from the images alone, from the page server at
    /// `source`, or (`connected`) over the connection at `lazyPagesConnectionNumber`.
    static func lazyPagesArguments(executable: String, imageDirectory: String, workDirectory: String?, source: PageServerAddress?,
                                   connected: Bool) -> [String] {
        let server = connected ? ["--page-server", "--ps-socket", String(lazyPagesConnectionNumber)]
            : source.map { ["--page-server", "--address", $0.address, "--port", String($0.port)] } ?? []
        return [executable, "lazy-pages"] + server + ["--images-dir", imageDirectory, "--work-dir", workDirectory ?? imageDirectory,
                                                      "--log-file", "lazy-pages.log", "-v4"]
    }

    /// Waits (up to 1 s) until the daemon `pid` has made its socket in `workDirectory`, which
    /// the restore connects to; one that exited first is an error with its log's first error.
    public func awaitLazyPagesDaemon(_ pid: pid_t, workDirectory work: String) throws(CheckpointError) {
        let socket = "\(work)/lazy-pages.socket"
        for _ in 0..<1000 where access(socket, F_OK) != 0 {
            if ChildProcess.exited(pid) != nil {
                throw CheckpointError(stage: "criu lazy-pages", detail: "exited before it listened\(logExcerpt(work, "lazy-pages.log"))")
            }
            usleep(1_000)
        }
    }

    /// ` (PATH: its first error)`, or ` (log: PATH)`, for the end of an error's text.
    func logExcerpt(_ directory: String, _ file: String) -> String {
        let path = "\(directory)/\(file)"
        return CRIULog.firstError(in: path).map { " (\(path): \($0))" } ?? " (log: \(path))"
    }

    /// Waits up to `timeoutMilliseconds` for the daemon to exit on its own (it does once every
    /// page is in: 0, or not 0 when the page server went away or a page could not be placed),
    /// then kills it; either way it is reaped. Returns how it exited, nil when it was killed
    /// here. Its end is seen at once (a pidfd): a daemon that failed has closed the tree's
    /// userfaultfd, and the tree's pages not yet in read as zeros until it is stopped.
    @discardableResult
    public func finishLazyPagesDaemon(_ pid: pid_t, timeoutMilliseconds: Int = 120_000) -> ExitStatus? {
        if let status = ChildProcess.exited(pid, withinMilliseconds: timeoutMilliseconds) { return status }
        kill(pid, SIGKILL)
        _ = starter.wait(pid)
        return nil
    }

    /// A watch of the daemon for the restore's conversation with CRIU: an end other than 0
    /// while CRIU restores fails the restore at once (`CRIUWatchedProcess`).
    public func watchLazyPagesDaemon(_ pid: pid_t, workDirectory: String) -> CRIUWatchedProcess {
        CRIUWatchedProcess(pid: pid) { status in
            status == .exited(0) ? nil : "\(self.lazyPagesFailure(status, workDirectory: workDirectory)) while criu restored"
        }
    }

    /// One line for a lazy-pages daemon that did not finish with 0 (`finishLazyPagesDaemon`).
    public func lazyPagesFailure(_ status: ExitStatus?, workDirectory: String) -> String {
        "criu lazy-pages \(status?.description ?? "did not finish in time and was killed")\(logExcerpt(workDirectory, "lazy-pages.log"))"
    }
}
