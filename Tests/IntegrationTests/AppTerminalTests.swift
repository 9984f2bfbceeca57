import Foundation
import Testing

/// `-t` and `-it`: the container's shell on a real pty, driven through the CLI from a pty of
/// the test's, as a user at a terminal would.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppTerminalTests {
    func driver(_ harness: AppTestHarness, _ arguments: [String]) throws -> TerminalDriver {
        try TerminalDriver([harness.binary, "app"] + arguments,
                           environment: ["CBENCH_APP_ROOT": harness.root, "CBENCH_APP_RUN": harness.runRoot])
    }

    /// An interactive shell: a terminal (the pty bound over /dev/console, as docker does), the
    /// caller's window size, Ctrl-C interrupting its foreground job, and its exit code.
    @Test func runItGivesAShellARealTerminal() throws {
        let harness = try AppTestHarness("tty")
        defer { harness.tearDown() }
        let shell = try driver(harness, ["run", "--rm", "-it", harness.image, "sh"])
        shell.send("tty; stty size; echo mark-$((6*7))\n")
        #expect(shell.read(until: "mark-42"), "\(shell.output)")
        #expect(shell.output.contains("/dev/console"), "\(shell.output)")
        #expect(shell.output.contains("33 97"), "\(shell.output)")
        shell.send("sleep 100\n")
        // Ctrl-C, then a command that can only run once the sleep is gone; again until it
        // ran (a Ctrl-C typed before the shell started the sleep is only a byte of input).
        for _ in 0..<20 where !shell.read(until: "back-2", seconds: 1) { shell.send("\u{3}echo back-$((1+1))\n") }
        #expect(shell.output.contains("back-2"), "Ctrl-C on the terminal ended the sleep: \(shell.output)")
        shell.send("exit 5\n")
        #expect(shell.finish() == 5)
        #expect(harness.leftovers().isEmpty)
    }

    /// `-t` alone: output on the pty, stdin not read.
    @Test func runTWithoutIGivesATerminalButNoInput() throws {
        let harness = try AppTestHarness("t")
        defer { harness.tearDown() }
        let command = try driver(harness, ["run", "--rm", "-t", harness.image, "sh", "-c", "test -t 0 && echo on-a-tty; stty size; exit 3"])
        #expect(command.finish() == 3)
        #expect(command.output.contains("on-a-tty") && command.output.contains("33 97"), "\(command.output)")
    }

    /// `exec -it` into a running container: a pty of the container's own devpts, so `tty`
    /// names /dev/pts/N as with docker exec.
    @Test func execItGivesAShellInARunningContainer() throws {
        let harness = try AppTestHarness("exectty")
        defer { harness.tearDown() }
        let name = harness.name("box")
        try harness.ok(["run", "-d", "--name", name, harness.image, "sleep", "1000"])
        let shell = try driver(harness, ["exec", "-it", name, "sh"])
        shell.send("tty; echo mark-$((6*7)); exit 4\n")
        #expect(shell.read(until: "mark-42"), "\(shell.output)")
        #expect(shell.output.contains("/dev/pts/"), "\(shell.output)")
        #expect(shell.finish() == 4)
        try harness.ok(["rm", "-f", name])
    }

    /// `-it` with stdin that is not a terminal: docker's refusal, exit 125, nothing made.
    @Test func itWithoutATerminalIsRefused() throws {
        let harness = try AppTestHarness("notty")
        defer { harness.tearDown() }
        let outcome = try harness.app(["run", "--rm", "-it", harness.image, "true"])
        #expect(outcome.status == 125)
        #expect(outcome.stderr.contains("not a TTY"), "\(outcome.stderr)")
        #expect(harness.leftovers().isEmpty)
    }
}
