import Foundation
import Testing

/// `cbench system console` from a terminal, as a user runs it (lxc-console): a shell on the
/// container's console answers what is typed, Ctrl-a q detaches and leaves the container
/// running, and the console takes another client after that.
@Suite(.hostLeakCheck, .serialized, .enabled(if: SystemTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct SystemConsoleCLITests {
    @Test func aShellOnTheConsoleThroughTheCLI() throws {
        let h = try SystemTestHarness("conscli")
        defer { h.tearDown() }
        let name = h.name("con")
        try h.startWithShellOnConsole(name)
        let pid = try #require(try h.pid(name))
        let environment = ["CBENCH_SYSTEM_STORE": h.store, "CBENCH_SYSTEM_RUN": h.runRoot]

        for round in 1...2 {
            let console = try TerminalDriver([h.binary, "system", "console", name], environment: environment)
            #expect(console.read(until: "Connected to the console of \(name)."), "\(console.output)")
            console.send("echo answer-$((20+\(round))) on $(hostname)\r")
            #expect(console.read(until: "answer-\(20 + round) on \(name)"), "round \(round): \(console.output)")
            console.send("\u{1}q")
            #expect(console.read(until: "Detached from \(name)."), "\(console.output)")
            #expect(console.finish() == 0, "\(console.output)")
        }
        #expect(try h.pid(name) == pid, "detaching leaves the container running")
        #expect(try h.system(["info", name]).stdout.contains("State: RUNNING"))

        let kill = try h.system(["kill", name])
        #expect(kill.status == 0, "\(kill.stderr)")
        h.reap(pid)
        let closed = try h.system(["console", name])
        #expect(closed.status != 0)
        #expect(closed.stderr.split(separator: "\n").count == 1, "\(closed.stderr)")
        #expect(closed.stderr.contains("container \(name): is not running (start it with `cbench system start \(name)`)"), "\(closed.stderr)")
        #expect(h.leftovers(name) == ["store \(name)"], "\(h.leftovers(name))")
    }
}
