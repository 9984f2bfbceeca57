import Foundation
import Glibc
import NamespaceCore
import Results
import Scenarios
import Targets
import Testing

/// Ctrl-C during `cbench run`: the built binary stops the step in flight (its container
/// removed, the step recorded as interrupted), writes its results marked partial, exits 130,
/// says what it does, and leaves no container, cgroup or state behind. In ScenarioRunTests'
/// serialized suite, so the runs' cgroups are not mistaken for each other.
extension ScenarioRunTests {
    static let longStartup = """
    name: startup
    kind: performance
    rootfs: busybox
    targets: [cbench-oci-lib]
    iterations: 100000
    workload:
      command: ["true"]
    metrics: [create-to-exit, phases]
    """

    /// One step that would sleep for ten minutes: the interrupt lands inside it.
    static let sleeper = """
    name: sleeper
    kind: performance
    rootfs: busybox
    targets: [cbench-oci-lib]
    timeout: 900
    workload:
      command: ["sleep", "600"]
    metrics: [create-to-exit]
    """

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs the built cbench"))
    func sigintStopsTheStepInFlightAndRecordsItAsInterrupted() throws {
        let binary = try #require(OCITestHarness.builtExecutable("cbench"))
        let directory = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.sleeper.write(toFile: directory + "/sleeper.yaml", atomically: false, encoding: .utf8)
        let out = directory + "/out", progressLog = directory + "/stderr"
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        try ProcessLiveness.becomeSubreaper()
        let pid = try Self.spawn([binary, "run", directory + "/sleeper.yaml", "--out", out], stdout: directory + "/stdout", stderr: progressLog)
        var status: Int32 = 0
        var exited = false
        defer {
            if !exited {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
        func log() -> String { (try? String(contentsOfFile: progressLog, encoding: .utf8)) ?? "" }
        var sleeping = false
        for _ in 0..<1200 where !sleeping && !exited {
            sleeping = log().contains("sleeper cbench-oci-lib iteration 1")
            if !sleeping { usleep(50_000) }
            if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        }
        try #require(sleeping && !exited, "cbench run did not reach the sleeping step: \(log())")
        // The interrupt lands inside the step: its container's sleep runs by then.
        try #require(ScenarioTestSupport.waitForContainerProcess(ofSessionsBy: pid, running: "sleep") != nil, "the step's sleep never ran: \(log())")
        #expect(kill(pid, SIGINT) == 0)
        for _ in 0..<1200 where !exited {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true } else { usleep(50_000) }
        }
        try #require(exited, "cbench run did not stop after SIGINT: \(log())")
        #expect((status >> 8) & 0xff == 130, "wait status \(status); \(log().suffix(500))")
        #expect(log().contains("SIGINT: stopping the step in flight"))
        let document = try ResultsDocument.load(from: URL(fileURLWithPath: out + "/results.json"))
        #expect(document.partial)
        let failure = try #require(document.failures.first { $0.scenario == "sleeper" })
        #expect(failure.interrupted && failure.error == "stopped by SIGINT")
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: pid, cgroupsBefore: cgroupsBefore) == [])
    }

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "needs the built cbench"))
    func sigintStopsCleanlyWithPartialResults() throws {
        let binary = try #require(OCITestHarness.builtExecutable("cbench"))
        let directory = try ScenarioTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scenarioFile = directory + "/long-startup.yaml"
        try Self.longStartup.write(toFile: scenarioFile, atomically: false, encoding: .utf8)
        let out = directory + "/out", progressLog = directory + "/stderr"
        let cgroupsBefore = ScenarioTestSupport.engineCgroups()
        // Orphans of the interrupted run would come back here and show up as leftovers.
        try ProcessLiveness.becomeSubreaper()

        let pid = try Self.spawn([binary, "run", scenarioFile, "--out", out], stdout: directory + "/stdout", stderr: progressLog)
        var status: Int32 = 0
        var exited = false
        defer {
            if !exited {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
        // Wait for the fourth iteration to begin: three samples are in (the harness's own
        // steps come first).
        var started = false
        for _ in 0..<1200 where !started {
            let text = (try? String(contentsOfFile: progressLog, encoding: .utf8)) ?? ""
            started = text.contains("startup cbench-oci-lib iteration 4")
            if !started { usleep(50_000) }
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                break
            }
        }
        try #require(started && !exited, "cbench run did not get going: \((try? String(contentsOfFile: progressLog, encoding: .utf8)) ?? "")")
        #expect(kill(pid, SIGINT) == 0)
        for _ in 0..<1200 where !exited {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true } else { usleep(50_000) }
        }
        try #require(exited, "cbench run did not stop within a minute of SIGINT")
        let log = (try? String(contentsOfFile: progressLog, encoding: .utf8)) ?? ""
        #expect((status & 0x7f) == 0 && (status >> 8) & 0xff == 130, "wait status \(status); \(log.suffix(500))")
        #expect(log.contains("stopped by SIGINT"))

        let document = try ResultsDocument.load(from: URL(fileURLWithPath: out + "/results.json"))
        #expect(document.partial)
        let samples = document.measurements.first { $0.metric == "create-to-exit" }?.samples.count ?? 0
        #expect(samples >= 3 && samples < 100_000, "\(samples) samples")
        #expect(FileManager.default.fileExists(atPath: out + "/performance.md"))
        #expect(ScenarioTestSupport.leftovers(ofSessionsBy: pid, cgroupsBefore: cgroupsBefore) == [])
    }

    /// The command with stdio in files, in its own process group (a signal reaches only it).
    static func spawn(_ arguments: [String], stdout: String, stderr: String) throws -> pid_t {
        try Spawn(arguments, stdout: .file(stdout), stderr: .file(stderr)).start().pid
    }
}
