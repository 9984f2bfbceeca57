#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Starts `cbench system _console` detached: its own session, stdio on
/// /dev/null, the listening socket on descriptor 3, console.log on 4 and the pty masters on 5, 6, ...
enum ConsoleRelaySpawn {
    static func spawn(relay: SystemConsoleRelay, listener: Int32, log: Int32, masters: [Int32]) throws(CoreError) -> pid_t {
        let program = try CBenchExecutable.locate()
        let command = [program, "system", "_console", "--pid", String(relay.initPid), "--start-time", String(relay.initStartTime),
                       "--socket", relay.socketPath, "--terminals", String(masters.count)]
        // The relay expects them from descriptor 3 on (SystemConsoleRelay.listenerDescriptor).
        return try Spawn.detached(command, passing: [listener, log] + masters).start().pid
    }
}
