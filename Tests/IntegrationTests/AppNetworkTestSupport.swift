import Foundation
import Testing
import NamespaceCore
@testable import AppContainers

/// Busybox containers for the network and port tests, launched directly through the
/// Launcher (a start gate lets the test wire the network while the process waits), on a root
/// of their own with the applets these tests need (nc, httpd, ping). Everything lives under
/// /tmp/cbench-apptest-net-XXXXXX and goes with `tearDown()`, which checks the whole host
/// for leftovers before it removes that directory.
final class AppNetworkTestHost {
    static var available: Bool { getuid() == 0 && FileManager.default.fileExists(atPath: "/bin/busybox") }
    static let applets = ["sh", "sleep", "ping", "nc", "httpd", "cat", "echo", "ls", "ip", "grep", "true", "test", "seq", "wget"]

    let directory: String
    let rootfs: String
    let store: AppNetworkStore
    private(set) var running: [ContainerProcess] = []
    private(set) var containerIDs: [String] = []
    private(set) var networks: [String] = []
    /// The host's leftovers when this host was made (HostLeaks), for the check in tear-down.
    let hostBefore = HostLeaks.current()

    init() throws {
        var template = Array("/tmp/cbench-apptest-net-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw CoreError.fromErrno("mkdtemp") }
        chmod(made, 0o755)
        directory = made
        rootfs = made + "/rootfs"
        let manager = FileManager.default
        for sub in ["bin", "proc", "sys", "dev", "tmp", "etc", "www"] {
            try manager.createDirectory(atPath: "\(rootfs)/\(sub)", withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: "/bin/busybox", toPath: rootfs + "/bin/busybox")
        for applet in Self.applets {
            try manager.createSymbolicLink(atPath: "\(rootfs)/bin/\(applet)", withDestinationPath: "busybox")
        }
        try "".write(toFile: rootfs + "/etc/hosts", atomically: false, encoding: .utf8)
        try "hello from the container\n".write(toFile: rootfs + "/www/index.html", atomically: false, encoding: .utf8)
        store = AppNetworkStore(root: made + "/networks")
    }

    /// A network with a random name, removed by `tearDown`.
    func makeNetwork() throws -> AppNetwork {
        let network = try store.create(name: "t\(UInt32.random(in: 0...UInt32.max))")
        networks.append(network.name)
        return network
    }

    struct Started {
        let process: ContainerProcess
        let id: String
        let hostsFile: String
        let attachments: [AppNetworkAttachment]
        /// The read end of the container's stdout and stderr.
        let output: Int32
    }

    /// Launches `args` with new mount, pid, uts, ipc and net namespaces, the container's hosts
    /// file at /etc/hosts and `mounts`; joins `networks` and runs `beforeStart(pid)` while it
    /// waits at its start gate, then lets it run.
    func start(_ name: String, _ args: [String], networks: [String] = [], mounts: [MountSpec] = [],
               beforeStart: (Int32) throws -> Void = { _ in }) throws -> Started {
        let id = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }.joined()
        let containerDirectory = "\(directory)/c-\(name)"
        try FileManager.default.createDirectory(atPath: containerDirectory, withIntermediateDirectories: true)
        let mode = try AppNetworking.resolve(networks, store: store)
        var spec = LaunchSpec(args: args)
        spec.namespaces = [.init(.mount), .init(.pid), .init(.uts), .init(.ipc)]
        if mode.needsOwnNetworkNamespace { spec.namespaces.append(.init(.network)) }
        spec.hostname = name
        spec.rootfs = RootfsSpec(.directory(rootfs))
        spec.mounts = [
            MountSpec(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            MountSpec(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "mode=755", "size=65536k"]),
            try HostsFile.prepare(in: containerDirectory, mode: mode),
        ] + mounts
        let gate = containerDirectory + "/gate"
        guard mkfifo(gate, 0o600) == 0 else { throw CoreError.fromErrno("mkfifo") }
        spec.startGateFIFO = gate
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CoreError.fromErrno("pipe") }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        spec.stdio = .fds(stdin: devNull, stdout: fds[1], stderr: fds[1])
        defer { close(fds[1]); close(devNull) }
        let process: ContainerProcess
        do { process = try Launcher().launch(spec) } catch {
            close(fds[0])
            throw error
        }
        running.append(process)
        containerIDs.append(id)
        let attachments = try AppNetworking.real(store: store).connect(
            containerID: id, name: name, networks: networks, pid: process.pid, hostsFile: containerDirectory + "/hosts")
        try beforeStart(process.pid)
        let reader = open(gate, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { throw CoreError.fromErrno("open gate") }
        var byte: UInt8 = 0
        _ = read(reader, &byte, 1)
        close(reader)
        return Started(process: process, id: id, hostsFile: containerDirectory + "/hosts", attachments: attachments, output: fds[0])
    }

    /// Everything the container printed until it exited, and its status.
    func finish(_ started: Started) throws -> (NamespaceCore.ExitStatus, String) {
        let output = readAll(started.output)
        close(started.output)
        let status = try started.process.wait()
        running.removeAll { $0 === started.process }
        try AppNetworking.real(store: store).disconnect(containerID: started.id)
        return (status, output)
    }

    func kill(_ started: Started) throws {
        try? started.process.signal(SIGKILL)
        _ = try finish(started)
    }

    func tearDown() {
        for process in running {
            try? process.signal(SIGKILL)
            _ = try? process.wait()
        }
        if let networking = try? AppNetworking.real(store: store) {
            for id in containerIDs { try? networking.disconnect(containerID: id) }
        }
        for name in networks { try? store.remove(name) { try? RouteNetlink().deleteLink(named: $0) } }
        // The whole host first, then the forced removal of the directory.
        HostLeaks.expectNone(since: hostBefore, ownPaths: [directory], "by a network test after its containers and networks went")
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func hostLinks() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).filter { $0.hasPrefix("cbench") }
    }
}
