#if canImport(Glibc)
import Glibc
#endif
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
