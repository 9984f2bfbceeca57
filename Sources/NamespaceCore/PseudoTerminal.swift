#if canImport(Glibc)
import Glibc
#endif
import CShim

/// One host pty pair: the caller keeps the master, a container process gets the slave as
/// its terminal (system consoles, `app run -t`, `app exec -t`, `system attach`), as
/// lxc-attach and lxc-console give one. Both ends are close-on-exec (passed on explicitly).
public struct PseudoTerminal: Sendable {
    public let master: Int32
    public let slave: Int32
    public let slavePath: String

    /// posix_openpt, grantpt, unlockpt, then the slave opened without becoming our terminal.
    public static func open() throws(CoreError) -> PseudoTerminal {
        var name = [CChar](repeating: 0, count: 128)
        let master = cshim_pty_open(&name, name.count)
        guard master >= 0 else { throw CoreError.fromErrno("open a pty pair (/dev/ptmx)") }
        let path = string(name)
        let slave = Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let code = errno
            close(master)
            throw CoreError(stage: "open \(path)", errno: code)
        }
        return PseudoTerminal(master: master, slave: slave, slavePath: path)
    }

    /// A pair from the devpts instance of the container whose process is `pid` (its
    /// /dev/pts/ptmx, reached without following the container's symlinks out of its root),
    /// so the command's `tty` names /dev/pts/N as docker exec and lxc-attach show it.
    /// `slavePath` is that path inside the container.
    public static func open(inRootOf pid: Int32) throws(CoreError) -> PseudoTerminal {
        let root = Glibc.open("/proc/\(pid)/root", CSHIM_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw CoreError.fromErrno("open /proc/\(pid)/root") }
        defer { close(root) }
        var slave: Int32 = -1
        var number: Int32 = 0
        let master = cshim_pty_open_in_root(root, &slave, &number)
        guard master >= 0 else { throw CoreError.fromErrno("open a pty pair (/dev/pts/ptmx of the container of pid \(pid))") }
        return PseudoTerminal(master: master, slave: slave, slavePath: "/dev/pts/\(number)")
    }

    /// What a process put into a running container gets (`exec -t`, `system attach`): a pair
    /// of the container's devpts when it has one, else of the host's (`pid` nil: no container).
    /// A container's first process opens its own instead (LaunchSpec.consoleSocket).
    public static func open(forContainerOf pid: Int32?) throws(CoreError) -> PseudoTerminal {
        if let pid, let inside = try? open(inRootOf: pid) { return inside }
        return try open()
    }

    /// The slave path of a master this process holds.
    public static func slavePath(of master: Int32) -> String? {
        var name = [CChar](repeating: 0, count: 128)
        guard cshim_pty_slave_path(master, &name, name.count) == 0 else { return nil }
        return string(name)
    }

    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Gives the pty the window size of the terminal `from` (when it is one), so the
    /// container's programs lay out for the user's window.
    public func copyWindowSize(from terminal: Int32) {
        Self.copyWindowSize(from: terminal, to: master)
    }

    public static func copyWindowSize(from terminal: Int32, to master: Int32) {
        var size = winsize()
        if ioctl(terminal, UInt(TIOCGWINSZ), &size) == 0 { _ = ioctl(master, UInt(TIOCSWINSZ), &size) }
    }

    public func closeBoth() {
        close(master)
        close(slave)
    }
}
