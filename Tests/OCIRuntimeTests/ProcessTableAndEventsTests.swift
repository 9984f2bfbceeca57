import Foundation
import NamespaceCore
import Testing
@testable import OCIRuntime

/// `ps` and `events` print what runc prints.
@Suite struct ProcessTableAndEventsTests {
    static let psOutput = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 05:51 ?        00:00:01 /sbin/init
        root        4321    4300  0 06:03 ?        00:00:00 sleep 300
        root        4400    4321  0 06:03 ?        00:00:00 sh -c echo 4321
        root       43210       1  0 06:03 ?        00:00:00 other

        """

    @Test func jsonIsThePidArray() {
        #expect(ProcessTable.json([4321, 4400]) == "[4321,4400]")
        #expect(ProcessTable.json([]) == "[]")
    }

    @Test func theTableKeepsTheHeaderAndTheContainersLines() throws {
        let table = try ProcessTable.filter(psOutput: Self.psOutput, pids: [4321, 4400])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("UID") && lines[1].hasSuffix("sleep 300") && lines[2].hasSuffix("sh -c echo 4321"))
    }

    @Test func psOutputWithoutAPidColumnIsRefused() {
        #expect(coreErrorText { try ProcessTable.filter(psOutput: "USER COMMAND\nroot init\n", pids: [1]) }?
            .contains("no PID column") == true)
    }

    @Test func aStatsEventHasRuncsShape() throws {
        let stats = CgroupStats(memoryUsage: 1_634_304, memoryPeak: 1_826_816, oomKills: 0, pidsCurrent: 2, cpuUsageNanoseconds: 10_332_422,
                                memoryLimit: 67_108_864, memoryFailures: 3, pidsLimit: 50)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(ContainerEvent.stats(id: "c1", stats)), as: UTF8.self)
        #expect(text == #"{"data":{"cpu":{"usage":{"total":10332422}},"memory":{"oom_kill":0,"usage":{"failcnt":3,"limit":67108864,"max":1826816,"usage":1634304}},"pids":{"current":2,"limit":50}},"id":"c1","type":"stats"}"#)
        // An unlimited pids controller prints no limit, as runc's does.
        let unlimited = String(decoding: try encoder.encode(ContainerEvent.stats(id: "c1", CgroupStats(pidsCurrent: 1))), as: UTF8.self)
        #expect(unlimited.contains(#""pids":{"current":1}"#))
        #expect(String(decoding: try encoder.encode(ContainerEvent.oom(id: "c1")), as: UTF8.self) == #"{"id":"c1","type":"oom"}"#)
    }

    @Test(arguments: [("5s", 5.0), ("500ms", 0.5), ("1m30s", 90.0), ("2h", 7200.0), ("1.5s", 1.5), ("250us", 0.00025)])
    func intervalsAreGoDurations(text: String, seconds: Double) throws {
        #expect(abs(try EventInterval.seconds(text) - seconds) < 1e-9)
    }

    @Test(arguments: ["5", "s", "", "0s", "5x", "-1s"])
    func otherIntervalsAreRefused(text: String) {
        #expect(coreErrorText { try EventInterval.seconds(text) }?.hasPrefix("events --interval: EINVAL") == true)
    }
}
