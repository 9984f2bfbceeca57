#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import AppContainers
import NamespaceCore

/// The children cbench-monitor runs (`_launch`, `_finish`) start with a small descriptor
/// table of their own, not a copy of the monitor's, which holds a pidfd per container: with
/// a copy, every start paid for N entries (copied at fork, closed again at execve). Needs
/// only the built monitor (no root); a shell stands in for `cbench` and reports its table.
@Suite(.serialized, .enabled(if: CompanionLocator.monitor.locate() != nil, "needs cbench-monitor (make probe)"))
struct MonitorChildTableTests {
    /// More descriptors than a fresh table's 64 (BITS_PER_LONG) slots: a copied table is larger.
    static let idleClients = 100

    /// Each child writes its table's size (FDSize) and what its descriptor 3 is into the store
    /// root: `_launch` (3 is its answer pipe) starts a "container" and answers `ok PID`,
    /// `_finish` (3 is not open) runs when that ends.
    static let command = """
        #!/bin/sh
        # Descriptor 3 looked at before any $(...): the shell puts that pipe on the lowest free one.
        if [ -e /proc/$$/fd/3 ]; then fd3=$(readlink /proc/$$/fd/3); else fd3=none; fi
        state="FDSize=$(sed -n 's/^FDSize:[[:space:]]*//p' /proc/$$/status) fd3=$fd3"
        case "$1" in
        _launch) sleep 1000 & echo $! > "$CBENCH_APP_ROOT/pids/$2"; echo "$state" > "$CBENCH_APP_ROOT/launch"; echo "ok $!" >&3 ;;
        _finish) echo "$state" > "$CBENCH_APP_ROOT/finish"; echo "$2 $3" >> "$CBENCH_APP_ROOT/finished" ;;
        esac
        """

    @Test func launchAndFinishChildrenHaveASmallTableOfTheirOwn() throws {
        let monitor = try RunningMonitor(command: Self.command)
        defer { monitor.stop() }
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<Self.idleClients { idle.append(try UnixSocket.connect(to: monitor.socket)) }
        // The idle connections are in the monitor's table once it answers a later one.
        try monitor.launch("table")
        let launch = try String(contentsOfFile: monitor.directory + "/launch", encoding: .utf8)
        #expect(launch.hasPrefix("FDSize=64 "), "the launcher's table is a fresh one, not the monitor's: \(launch)")
        #expect(launch.contains(" fd3=pipe:"), "descriptor 3 is the launch's answer pipe: \(launch)")

        // The container's end: the monitor runs `_finish`.
        kill(try monitor.pid(of: "table"), SIGKILL)
        #expect(try monitor.waitForFinished(count: 1)["table"] != nil)
        let finish = try String(contentsOfFile: monitor.directory + "/finish", encoding: .utf8)
        #expect(finish == "FDSize=64 fd3=none\n", "the finish's table is a fresh one, with nothing on 3: \(finish)")

        idle.forEach { close($0) }
        idle = []
        #expect(monitor.leavesOnceIdle())
    }

    /// A launch's environment: the monitor's own, with the store of its request as
    /// CBENCH_APP_ROOT and CBENCH_APP_RUN (once each, whatever the monitor itself had). The
    /// monitor builds it before the child is made, as the child shares its memory.
    static let environmentCommand = """
        #!/bin/sh
        case "$1" in
        _launch) env | grep '^CBENCH_' | sort > "$CBENCH_APP_ROOT/environment"; sleep 1000 & echo $! > "$CBENCH_APP_ROOT/pids/$2"; echo "ok $!" >&3 ;;
        _finish) echo "$2 $3" >> "$CBENCH_APP_ROOT/finished" ;;
        esac
        """

    @Test func aLaunchGetsItsRequestsStoreInTheMonitorsEnvironment() throws {
        let monitor = try RunningMonitor(command: Self.environmentCommand,
                                         environment: ["PATH=/usr/bin:/bin", "CBENCH_APP_ROOT=/elsewhere", "CBENCH_KEPT=1"])
        defer { monitor.stop() }
        try monitor.launch("environment")
        let environment = try String(contentsOfFile: monitor.directory + "/environment", encoding: .utf8)
        #expect(environment == "CBENCH_APP_ROOT=\(monitor.directory)\nCBENCH_APP_RUN=\(monitor.directory)\nCBENCH_KEPT=1\n")
        kill(try monitor.pid(of: "environment"), SIGKILL)
        #expect(try monitor.waitForFinished(count: 1)["environment"] != nil)
        #expect(monitor.leavesOnceIdle())
    }
}
