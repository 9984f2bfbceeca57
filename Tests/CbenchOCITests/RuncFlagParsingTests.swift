import ArgumentParser
import Testing
@testable import cbench_oci

/// The verbs podman (through conmon) and Docker (through containerd-shim) call, parsed from
/// the command lines they write.
@Suite struct RuncFlagParsingTests {
    @Test func conmonsExecLine() throws {
        let exec = try Exec.parse(["--pid-file", "/run/x/exec.pid", "--process", "/run/x/exec-process-1", "--detach",
                                   "--console-socket", "/run/x/console.sock", "ctr1"])
        #expect(exec.pidFile == "/run/x/exec.pid" && exec.process == "/run/x/exec-process-1" && exec.detach)
        #expect(exec.consoleSocket == "/run/x/console.sock" && exec.id == "ctr1" && exec.command.isEmpty)
    }

    @Test func execFlagsThenTheCommandWithItsOwnFlags() throws {
        let exec = try Exec.parse(["-t", "-d", "--cwd", "/tmp", "-e", "A=1", "--env", "B=2", "-u", "1000:100", "-g", "5",
                                   "--cap", "CAP_NET_ADMIN", "--no-new-privs", "--ignore-paused", "ctr1", "sh", "-c", "echo -e x"])
        #expect(exec.tty && exec.detach && exec.cwd == "/tmp" && exec.env == ["A=1", "B=2"] && exec.user == "1000:100")
        #expect(exec.additionalGids == [5] && exec.capabilities == ["CAP_NET_ADMIN"] && exec.noNewPrivileges && exec.ignorePaused)
        #expect(exec.id == "ctr1" && exec.command == ["sh", "-c", "echo -e x"])
    }

    @Test func createAndRunTakeTheConsoleSocketAndPidFile() throws {
        let create = try Create.parse(["--bundle", "/b", "--pid-file", "/p", "--console-socket", "/s", "--no-pivot", "ctr"])
        #expect(create.bundle == "/b" && create.pidFile == "/p" && create.consoleSocket == "/s" && create.noPivot)
        let run = try Run.parse(["-d", "--console-socket", "/s", "--pid-file", "/p", "-b", "/b", "ctr"])
        #expect(run.detach && run.consoleSocket == "/s" && run.pidFile == "/p" && run.bundle == "/b")
    }

    @Test func globalOptionsInTheFormsConmonWrites() throws {
        let state = try State.parse(["--root", "/run/r", "--log-format=json", "--log", "/tmp/l.json", "--systemd-cgroup", "ctr"])
        #expect(state.globals.root == "/run/r" && state.globals.logFormat == .json && state.globals.log == "/tmp/l.json")
    }

    @Test func psEventsAndUpdate() throws {
        let ps = try Ps.parse(["--format", "json", "ctr"])
        #expect(ps.format == "json" && ps.id == "ctr" && ps.psArguments.isEmpty)
        let table = try Ps.parse(["ctr", "-eo", "pid,comm"])
        #expect(table.format == "table" && table.psArguments == ["-eo", "pid,comm"])
        let events = try Events.parse(["--stats", "--interval", "2s", "ctr"])
        #expect(events.stats && events.interval == "2s")
        let update = try Update.parse(["-r", "-", "--memory", "64m", "--pids-limit", "20", "--cpu-quota", "50000", "ctr"])
        #expect(update.resources == "-" && update.memory == "64m" && update.pidsLimit == "20" && update.cpuQuota == "50000")
        #expect(try Pause.parse(["ctr"]).id == "ctr" && (try Resume.parse(["ctr"])).id == "ctr")
    }

    /// runc's flags take the next word as their value, so -1 (unlimited, no quota) is one.
    @Test func updateTakesMinusOneAsAValue() throws {
        let update = try Update.parse(["--memory", "-1", "--memory-swap", "-1", "--pids-limit", "-1", "--cpu-quota", "-1", "ctr"])
        #expect(update.memory == "-1" && update.memorySwap == "-1" && update.pidsLimit == "-1" && update.cpuQuota == "-1")
        #expect(update.id == "ctr")
    }

    @Test func unknownFlagsAreRefused() {
        #expect(throws: (any Error).self) { try Exec.parse(["--no-such-flag", "ctr", "true"]) }
        #expect(throws: (any Error).self) { try Update.parse(["--memoryx", "1", "ctr"]) }
    }

    @Test func preservedDescriptorsOtherThanZeroAreRefused() throws {
        try refusePreservedFDs(0)
        #expect(throws: (any Error).self) { try refusePreservedFDs(2) }
    }
}
