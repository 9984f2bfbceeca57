#if canImport(Glibc)
import Glibc
#endif
import CShim
import NamespaceCore

/// The terminals a container gets, as LXC gives them: its console (unless `lxc.console.path =
/// none`) and `lxc.tty.max` ttys, each the slave of a host pty pair bind-mounted over the
/// container's /dev/console or /dev/ttyN. Index 0 is the console, N is /dev/ttyN.
public struct ConsoleTerminalLayout: Sendable, Equatable {
    public var console: Bool
    public var ttys: Int

    /// The container paths in relay order (console first).
    public var containerPaths: [String] {
        (console ? ["/dev/console"] : []) + (0..<ttys).map { "/dev/tty\($0 + 1)" }
    }

    public var isEmpty: Bool { !console && ttys == 0 }

    /// The relay's index of `--tty N` (0: the console).
    public func relayIndex(tty: Int) -> Int? {
        if tty == 0 { return console ? 0 : nil }
        guard tty >= 1, tty <= ttys else { return nil }
        return (console ? 0 : -1) + tty
    }
}

extension LXCConfig {
    /// LXC's default (no value, or an empty one) is a console on a pty pair; `none` turns it
    /// off. A device path (LXC would attach the console to that host device) gets the pty too.
    public var consoleTerminals: ConsoleTerminalLayout {
        let console = consolePath?.trimmingCharacters(in: " \t") != "none"
        return ConsoleTerminalLayout(console: console, ttys: ttyMax ?? 0)
    }
}

/// One host pty pair: the relay keeps the master, the container gets the slave.
struct HostPTY {
    let master: Int32
    let slave: Int32
    let slavePath: String

    /// posix_openpt, grantpt, unlockpt; both ends close-on-exec (passed on explicitly).
    static func open() throws(CoreError) -> HostPTY {
        var name = [CChar](repeating: 0, count: 128)
        let master = cshim_pty_open(&name, name.count)
        guard master >= 0 else { throw CoreError.fromErrno("open a pty pair (/dev/ptmx)") }
        let path = Self.string(name)
        let slave = Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let code = errno
            close(master)
            throw CoreError(stage: "open \(path)", errno: code)
        }
        return HostPTY(master: master, slave: slave, slavePath: path)
    }

    /// The slave path of a master this process holds.
    static func slavePath(of master: Int32) -> String? {
        var name = [CChar](repeating: 0, count: 128)
        guard cshim_pty_slave_path(master, &name, name.count) == 0 else { return nil }
        return Self.string(name)
    }

    static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func closeBoth() {
        close(master)
        close(slave)
    }
}
