#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore
import Synchronization

/// A published port served by a process of its own (`cbench app _forward`), for a container
/// whose runtime publishes nothing itself (a system container, LXC, an engine's internal
/// network): a helper of the layout whose memory can be counted beside conmon, the shims and
/// LXC's monitor, instead of threads hidden in the caller. The caller binds the listening
/// socket (a taken port fails here, before anything runs) and hands it to the forwarder with
/// the held network namespace; the forwarder ends when `stop` is called or the caller is gone
/// (its lifeline pipe reads end of file).
public final class PortForwarderProcess: Sendable {
    public let pid: pid_t
    /// The write end of the lifeline, -1 once stopped.
    private let lifeline: Mutex<Int32>

    private init(pid: pid_t, lifeline: Int32) {
        self.pid = pid
        self.lifeline = Mutex(lifeline)
    }

    /// The hidden subcommand's words after the program.
    public static let subcommand = ["app", "_forward"]
    /// Where the forwarder finds what it is handed: the listener, the namespace, the lifeline.
    public static let listenerDescriptor: Int32 = 3
    public static let namespaceDescriptor: Int32 = 4
    public static let lifelineDescriptor: Int32 = 5

    /// Binds `mapping`'s host side and starts the forwarder into `namespace`.
    public static func start(_ mapping: PortMapping, into namespace: HeldNetworkNamespace) throws -> PortForwarderProcess {
        let listener = try TCPSocket.listen(host: mapping.hostAddress, port: mapping.hostPort)
        defer { close(listener) }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw CoreError.fromErrno("pipe for the port forwarder") }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(ends[0]) }
        do {
            let command = [try CBenchExecutable.locate()] + subcommand + ["\(mapping.hostAddress):\(mapping.hostPort):\(mapping.containerPort)"]
            let process = try Spawn(command, stdout: .null, stderr: .null, passing: [listener, namespace.descriptor, ends[0]]).start()
            return PortForwarderProcess(pid: process.pid, lifeline: ends[1])
        } catch {
            close(ends[1])
            throw CoreError(stage: "start the port forwarder for \(mapping)", detail: "\(error)")
        }
    }

    /// Ends the forwarder (its connections with it) and waits for it. Safe to call twice.
    public func stop() {
        let end = lifeline.withLock { fd -> Int32 in
            defer { fd = -1 }
            return fd
        }
        guard end >= 0 else { return }
        close(end)
        Glibc.kill(pid, SIGTERM)
        _ = try? ChildProcess.wait(pid)
    }

    deinit { stop() }

    /// The forwarder's side: serves the inherited listener into the inherited namespace until
    /// the lifeline reads end of file.
    public static func serveInherited(_ mapping: PortMapping) throws {
        let namespace = try HeldNetworkNamespace(adopting: namespaceDescriptor)
        let publisher = PortPublisher.adopting(listeners: [listenerDescriptor], mappings: [mapping])
        try publisher.serve(in: namespace)
        var byte: UInt8 = 0
        while true {
            let count = read(lifelineDescriptor, &byte, 1)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            break
        }
        publisher.close()
    }
}
