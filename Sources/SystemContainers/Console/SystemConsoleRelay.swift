#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The detached process (`cbench system _console`) that holds the masters of a container's
/// terminals while its init runs: it always reads them (so the container never blocks on its
/// console), keeps the output in a `ConsoleRing`, and joins one client per terminal, which
/// connects to the socket and names the terminal with one byte (0: console, N: ttyN). It
/// ends when the init exits (pidfd) and removes its socket.
public struct SystemConsoleRelay {
    /// Descriptor numbers the relay is spawned with.
    public static let listenerDescriptor: Int32 = 3
    /// console.log, opened by `start`: the relay makes no file by path, so a late relay
    /// cannot leave one behind a stop.
    public static let logDescriptor: Int32 = 4
    public static let firstMasterDescriptor: Int32 = 5

    public var initPid: Int32
    public var initStartTime: UInt64
    public var socketPath: String
    public var terminalCount: Int

    public init(initPid: Int32, initStartTime: UInt64, socketPath: String, terminalCount: Int) {
        self.initPid = initPid
        self.initStartTime = initStartTime
        self.socketPath = socketPath
        self.terminalCount = terminalCount
    }

    private struct Terminal {
        var master: Int32
        /// Held open so the master never hangs up between two openers inside (a getty respawning).
        var slave: Int32
        var client: Int32 = -1
        var ring: ConsoleRing
    }

    /// Runs until the init is gone.
    public func run() throws(CoreError) {
        signal(SIGPIPE, SIG_IGN)
        // Holds no directory of the caller busy.
        _ = chdir("/")
        defer { unlink(socketPath) }
        guard let initProcess = ContainerProcess(opening: initPid),
              ProcessLiveness.isAlive(pid: initPid, startTime: initStartTime) else { return }
        // The pidfd is polled below; the process object owns it and must outlive the loop.
        defer { withExtendedLifetime(initProcess) {} }
        let pidfd = initProcess.pidfd
        let logFD = Self.logDescriptor
        defer { close(logFD) }
        var terminals: [Terminal] = []
        for index in 0..<terminalCount {
            let master = Self.firstMasterDescriptor + Int32(index)
            // The last drain after the init's exit must not wait for output that never comes.
            _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
            let slave = PseudoTerminal.slavePath(of: master).map { open($0, O_RDWR | O_NOCTTY | O_CLOEXEC) } ?? -1
            // Only the console's output is logged; ttys keep a ring for their replay.
            terminals.append(Terminal(master: master, slave: slave, ring: ConsoleRing(logFD: index == 0 ? logFD : -1)))
        }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            var entries = [pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: Self.listenerDescriptor, events: Int16(POLLIN), revents: 0)]
            for terminal in terminals {
                entries.append(pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0))
                entries.append(pollfd(fd: terminal.client, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&entries, nfds_t(entries.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw CoreError.fromErrno("poll")
            }
            for index in terminals.indices {
                let masterEvents = entries[2 + 2 * index].revents
                if masterEvents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    relayOutput(&terminals[index], buffer: &buffer)
                }
                let clientEvents = entries[3 + 2 * index].revents
                if terminals[index].client >= 0, clientEvents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    relayInput(&terminals[index], buffer: &buffer)
                }
            }
            if entries[1].revents & Int16(POLLIN) != 0 { accept(into: &terminals) }
            if entries[0].revents != 0 {
                for index in terminals.indices { relayOutput(&terminals[index], buffer: &buffer) }
                break
            }
        }
        for terminal in terminals {
            if terminal.client >= 0 { close(terminal.client) }
            if terminal.slave >= 0 { close(terminal.slave) }
            close(terminal.master)
        }
    }

    private func relayOutput(_ terminal: inout Terminal, buffer: inout [UInt8]) {
        let count = buffer.withUnsafeMutableBytes { read(terminal.master, $0.baseAddress, $0.count) }
        guard count > 0 else { return }
        buffer.withUnsafeBytes { raw in
            let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            terminal.ring.append(chunk)
            if terminal.client >= 0, !ConsoleSocket.writeAll(terminal.client, chunk) {
                close(terminal.client)
                terminal.client = -1
            }
        }
    }

    private func relayInput(_ terminal: inout Terminal, buffer: inout [UInt8]) {
        let count = buffer.withUnsafeMutableBytes { read(terminal.client, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return }
        guard count > 0 else {
            close(terminal.client)
            terminal.client = -1
            return
        }
        buffer.withUnsafeBytes { raw in
            _ = ConsoleSocket.writeAll(terminal.master, UnsafeRawBufferPointer(rebasing: raw[0..<count]))
        }
    }

    /// Reads the terminal byte (waiting a second at most), answers `ok` and the ring's
    /// replay, or `error ...` and closes.
    private func accept(into terminals: inout [Terminal]) {
        let client = Glibc.accept(Self.listenerDescriptor, nil, nil)
        guard client >= 0 else { return }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        var entry = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        var index: UInt8 = 0
        guard poll(&entry, 1, 1000) == 1, read(client, &index, 1) == 1 else {
            close(client)
            return
        }
        let position = Int(index)
        guard position < terminals.count else {
            ConsoleSocket.writeAll(client, Array("error the container has no such terminal\n".utf8))
            close(client)
            return
        }
        guard terminals[position].client < 0 else {
            ConsoleSocket.writeAll(client, Array("error the terminal is in use by another client\n".utf8))
            close(client)
            return
        }
        guard ConsoleSocket.writeAll(client, Array("ok\n".utf8)), ConsoleSocket.writeAll(client, terminals[position].ring.bytes) else {
            close(client)
            return
        }
        terminals[position].client = client
    }
}
