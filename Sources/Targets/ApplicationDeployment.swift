import AppContainers
import Glibc
import NamespaceCore
import Synchronization

/// One deployed layout of a stack on one target: its id (a prefix of every name it makes),
/// a directory of the target's own, and the 127.0.0.1 port its web server is published on.
/// Targets without a way to publish a port of their own here publish it through `publish`:
/// the forwarder `cbench app -p` uses, opening its connections inside the web container's
/// network namespace, so no route into the container is needed. It runs as a process of its
/// own (`PortForwarderProcess`), a helper of the layout counted in its memory like conmon,
/// the shims and LXC's monitor.
public final class ApplicationDeployment: Sendable {
    public let id: String
    public let stack: ApplicationStack
    public let layout: ApplicationLayout
    /// The target's files for this deployment (a root copy, logs), removed with it.
    public let directory: String
    public let hostPort: UInt16
    private let forwarder = Mutex<PortForwarderProcess?>(nil)

    public init(id: String, stack: ApplicationStack, layout: ApplicationLayout, directory: String, hostPort: UInt16) {
        self.id = id
        self.stack = stack
        self.layout = layout
        self.directory = directory
        self.hostPort = hostPort
    }

    /// The name of a container of the app layout on a target whose names are global.
    public func containerName(_ container: ApplicationContainer) -> String { "\(id)-\(container.name)" }
    /// The name of a volume of the app layout.
    public func volumeName(_ volume: ApplicationVolume) -> String { "\(id)-\(volume.name)" }

    /// Forwards 127.0.0.1:`hostPort` to the stack's port inside `namespace` (the web
    /// container's, held while its process waited before execve where the target launches it
    /// itself, else as soon as its engine names the pid), replacing an earlier forwarder (a
    /// restarted layout has a new one).
    public func publish(into namespace: HeldNetworkNamespace) throws {
        unpublish()
        let mapping = try PortMapping(parsing: "127.0.0.1:\(hostPort):\(stack.port)")
        let process = try PortForwarderProcess.start(mapping, into: namespace)
        forwarder.withLock { $0 = process }
    }

    /// Stops the forwarder, if any.
    public func unpublish() {
        let process = forwarder.withLock { current -> PortForwarderProcess? in
            defer { current = nil }
            return current
        }
        process?.stop()
    }

    /// The forwarder's pid while it serves (a helper of the layout).
    public var forwarderPid: pid_t? { forwarder.withLock { $0?.pid } }

    deinit { unpublish() }

    /// A loopback port nothing listens on now (the kernel's choice of an ephemeral port).
    public static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CoreError.fromErrno("socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw CoreError.fromErrno("bind 127.0.0.1:0") }
        return UInt16(bigEndian: address.sin_port)
    }
}
