import ArgumentParser
import NamespaceCore
import SystemContainers
#if canImport(Glibc)
import Glibc
#endif

/// `cbench system console NAME [--tty N]`: a terminal on the container's console, as lxc-console.
struct SystemConsole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "A terminal on the container's console (or tty N); Ctrl-a q detaches.")
    @Argument(help: "Container name.") var name: String
    @Option(name: .shortAndLong, help: "Terminal: 0 is the console, N is /dev/ttyN (lxc.tty.max).") var tty: Int = 0
    func run() throws {
        let connection = try SystemCommand.runtime().connectConsole(name: name, tty: tty)
        let what = tty == 0 ? "console" : "tty\(tty)"
        FileHandleOutput.standardError("Connected to the \(what) of \(name). Type Ctrl-a q to detach, Ctrl-a Ctrl-a for a Ctrl-a.\n")
        switch ConsoleTerminalSession.run(connection) {
        case .detached: FileHandleOutput.standardError("\r\nDetached from \(name).\r\n")
        case .closed: FileHandleOutput.standardError("\r\nThe \(what) of \(name) closed (the container stopped?).\r\n")
        }
    }
}

/// The relay `start` spawns; not for users.
struct SystemConsoleRelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_console", abstract: "Console relay of a running container (spawned by start).", shouldDisplay: false)
    @Option var pid: Int32
    @Option var startTime: UInt64
    @Option var socket: String
    @Option var terminals: Int
    func run() throws {
        try SystemConsoleRelay(initPid: pid, initStartTime: startTime, socketPath: socket, terminalCount: terminals).run()
    }
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
    }
}
