import Testing
@testable import Scenarios

/// What the overhead workloads print, read back: fio's JSON, sysbench's text, cbench-work's
/// JSON, and ldd's listing of a tool's libraries. The fixtures are these programs' real
/// output (fio 3.33, sysbench 1.0.20, Debian 12), trimmed.
struct OverheadOutputTests {
    static let fioJSON = """
    note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1
    {
      "fio version" : "fio-3.33",
      "timestamp" : 1764686000,
      "jobs" : [
        {
          "jobname" : "seq-write-buffered",
          "groupid" : 0,
          "error" : 0,
          "read" : { "io_bytes" : 0, "bw_bytes" : 0, "iops" : 0.000000, "runtime" : 0 },
          "write" : { "io_bytes" : 33554432, "bw_bytes" : 349525333, "iops" : 2666.666667, "runtime" : 96 }
        },
        {
          "jobname" : "rand-read-direct",
          "groupid" : 7,
          "error" : 0,
          "read" : { "io_bytes" : 4194304, "bw_bytes" : 36157793, "iops" : 8827.586207, "runtime" : 116 },
          "write" : { "io_bytes" : 0, "bw_bytes" : 0, "iops" : 0.000000, "runtime" : 0 }
        }
      ],
      "disk_util" : []
    }
    """
    static let bounds = FioBounds(fileMegabytes: 32, randomMegabytes: 4, capSeconds: 10)
    static func job(_ name: String) -> FioJob? { FioJob.all.first { $0.name == name } }

    @Test func fioJobsGiveTheirBandwidthInTheDirectionTheyRan() throws {
        let report = try FioReport(json: Self.fioJSON)
        #expect(report.jobs.map(\.name) == ["seq-write-buffered", "rand-read-direct"])
        let write = try #require(Self.job("seq-write-buffered")), read = try #require(Self.job("rand-read-direct"))
        #expect(try report.result(of: write, bounds: Self.bounds).bytesPerSecond == 349_525_333)
        #expect(try report.result(of: read, bounds: Self.bounds).bytesPerSecond == 36_157_793)
        #expect(try report.result(of: read, bounds: Self.bounds).operationsPerSecond == 8827.586207)
    }

    @Test func aFioJobThatDidNotMoveItsWholeAmountFailsTheStep() throws {
        let report = try FioReport(json: Self.fioJSON)
        let write = try #require(Self.job("seq-write-buffered")), read = try #require(Self.job("rand-read-direct"))
        // The same output judged against a larger file and random share: stopped by the cap.
        let larger = FioBounds(fileMegabytes: 64, randomMegabytes: 8, capSeconds: 10)
        #expect(throws: StepFailure.self) { try report.result(of: write, bounds: larger) }
        #expect(throws: StepFailure.self) { try report.result(of: read, bounds: larger) }
        // A job read in the other direction moved nothing.
        var swapped = write
        swapped.readWrite = "read"
        #expect(throws: StepFailure.self) { try report.result(of: swapped, bounds: Self.bounds) }
        #expect(throws: StepFailure.self) { try report.result(of: try #require(Self.job("seq-read-direct")), bounds: Self.bounds) }
    }

    @Test func aFailedFioJobOrNoJSONIsAnError() {
        let failed = Self.fioJSON.replacingOccurrences(of: "\"error\" : 0,\n      \"read\" : { \"io_bytes\" : 4194304",
                                                       with: "\"error\" : 22,\n      \"read\" : { \"io_bytes\" : 4194304")
        #expect(failed != Self.fioJSON)
        #expect(throws: StepFailure.self) { try FioReport(json: failed) }
        do {
            _ = try FioReport(json: failed)
        } catch {
            #expect("\(error)".contains("rand-read-direct") && "\(error)".contains("O_DIRECT"))
        }
        #expect(throws: StepFailure.self) { try FioReport(json: "fio: pid=0, err=2/file:filesetup.c") }
        #expect(throws: StepFailure.self) { try FioReport(json: "{\"jobs\": 3}") }
    }

    static let sysbenchText = """
    sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

    Running the test with following options:
    Number of threads: 1
    Initializing random number generator from current time


    Prime numbers limit: 10000

    Initializing worker threads...

    Threads started!

    CPU speed:
        events per second:  1635.45

    General statistics:
        total time:                          1.2222s
        total number of events:              2000

    Latency (ms):
             min:                                    0.22
             avg:                                    0.60
    """

    @Test func sysbenchCpuGivesItsTotalTimeAndRate() throws {
        let report = try SysbenchReport(text: Self.sysbenchText)
        #expect(report.totalSeconds == 1.2222)
        #expect(report.events == 2000)
        #expect(report.eventsPerSecond == 1635.45)
        #expect(try OverheadWorkload.cpu.results(from: Self.sysbenchText, amounts: WorkloadAmounts(scale: 1)).first?.1 == 1222.2)
    }

    @Test func sysbenchWithoutItsStatisticsIsAnError() {
        #expect(throws: StepFailure.self) { try SysbenchReport(text: "FATAL: invalid option --cpu-max-primes") }
        #expect(throws: StepFailure.self) { try SysbenchReport(text: "    total time:                          1.2222s\n") }
    }

    @Test func cbenchWorkReportsBecomeTheWorkloadsMetrics() throws {
        let amounts = WorkloadAmounts(scale: 1)
        let syscalls = "{\"workload\":\"syscalls\",\"calls\":1000,\"getpid_ns\":45.5,\"stat_ns\":766.9,\"personality_ns\":55.4}\n"
        let values = try OverheadWorkload.syscalls(.disabled).results(from: syscalls, amounts: amounts)
        #expect(values.map(\.0.name) == ["syscall getpid", "syscall stat", "syscall personality"])
        #expect(values.map(\.1) == [45.5, 766.9, 55.4])
        let memory = "{\"workload\":\"memory\",\"mebibytes\":32,\"passes\":6,\"copy_mb_per_s\":5217.1,\"faults\":57344,"
            + "\"fault_ns\":3220.0,\"first_fault_ns\":6395.3,\"anon_huge_kib\":0}"
        #expect(try OverheadWorkload.memory.results(from: memory, amounts: amounts).map(\.1) == [5217.1, 3220.0, 6395.3])
        #expect(throws: StepFailure.self) {
            try OverheadWorkload.memory.results(from: memory.replacingOccurrences(of: ",\"first_fault_ns\":6395.3", with: ""), amounts: amounts)
        }
        #expect(try OverheadWorkload.process.results(from: "{\"workload\":\"spawn\",\"processes\":200,\"spawn_us\":901.81}", amounts: amounts).first?.1 == 901.81)
        #expect(throws: StepFailure.self) { try OverheadWorkload.process.results(from: "{\"workload\":\"spawn\"}", amounts: amounts) }
        #expect(throws: StepFailure.self) { try OverheadWorkload.memory.results(from: "cbench-work: memory: mmap: ENOMEM", amounts: amounts) }
    }

    /// One fio's JSON for one job, as fio 3.33 prints it (trimmed): its bytes and bandwidth
    /// in the direction it ran.
    static func fioDocument(_ job: FioJob, bytes: Int, bytesPerSecond: Int) -> String {
        let moved = "{ \"io_bytes\" : \(bytes), \"bw_bytes\" : \(bytesPerSecond), \"iops\" : 100.0, \"runtime\" : 10 }"
        let idle = "{ \"io_bytes\" : 0, \"bw_bytes\" : 0, \"iops\" : 0.000000, \"runtime\" : 0 }"
        return """
        {
          "fio version" : "fio-3.33",
          "jobs" : [
            {
              "jobname" : "\(job.name)",
              "groupid" : 0,
              "error" : 0,
              "read" : \(job.writes ? idle : moved),
              "write" : \(job.writes ? moved : idle)
            }
          ],
          "disk_util" : []
        }
        """
    }

    /// What `cbench-work sequence` prints for fio's eight jobs: its line before each fio,
    /// then that fio's JSON (one with fio's note before it); job K moves at K MiB/s.
    static func fioSequence(_ bounds: FioBounds, jobs: [FioJob] = FioJob.all) -> String {
        jobs.enumerated().map { index, job in
            "cbench-work sequence \(index + 1)/\(jobs.count)\n" + (index == 2 ? "note: both iodepth >= 1 and synchronous I/O engine are selected\n" : "")
                + fioDocument(job, bytes: job.expectedBytes(bounds), bytesPerSecond: (index + 1) << 20)
        }.joined(separator: "\n") + "\n"
    }

    @Test func fioResultsComeFromEachJobsOwnFio() throws {
        let amounts = WorkloadAmounts(scale: 1)
        let values = try OverheadWorkload.fileIO(.root).results(from: Self.fioSequence(amounts.fio), amounts: amounts)
        #expect(values.map(\.0.name) == FioJob.all.map { "fio \($0.name)" })
        #expect(values.map(\.1) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func fioResultsNeedEveryJob() throws {
        let amounts = WorkloadAmounts(scale: 1)
        // One fio for all jobs (no sequence), and a sequence that stopped after seven.
        #expect(throws: StepFailure.self) { try OverheadWorkload.fileIO(.bind).results(from: Self.fioJSON, amounts: amounts) }
        let seven = Self.fioSequence(amounts.fio).components(separatedBy: "cbench-work sequence 8/8")[0]
        #expect(throws: StepFailure.self) { try OverheadWorkload.fileIO(.bind).results(from: seven, amounts: amounts) }
        // Eight fios, but one ran a job twice and another not at all.
        var jobs = FioJob.all
        jobs[7] = jobs[6]
        #expect(throws: StepFailure.self) {
            try OverheadWorkload.fileIO(.bind).results(from: Self.fioSequence(amounts.fio, jobs: jobs), amounts: amounts)
        }
    }

    @Test func aSequencesOutputSplitsAtItsLinesInOrder() throws {
        let text = "cbench-work sequence 1/3\n{\"a\": 1}\ncbench-work sequence 2/3\ncbench-work sequence 3/3\nlast\nline\n"
        #expect(try WorkSequence.outputs(text, count: 3, stage: "s") == ["{\"a\": 1}", "", "last\nline\n"])
        // Out of order, of another count, stopped early, or no sequence at all.
        for bad in ["cbench-work sequence 2/3\n", "cbench-work sequence 1/2\nx\n", "cbench-work sequence 1/3\nx\ncbench-work sequence 2/3\n",
                    "{\"a\": 1}\n", "cbench-work sequence 1/3\ncbench-work sequence 3/3\ncbench-work sequence 2/3\n"] {
            #expect(throws: StepFailure.self, "\(bad)") { try WorkSequence.outputs(bad, count: 3, stage: "s") }
        }
        let failure = #expect(throws: StepFailure.self) { try WorkSequence.outputs("cbench-work sequence 1/3\n", count: 3, stage: "parse fio") }
        #expect(failure?.stage == "parse fio" && failure?.message.contains("1 of its 3") == true)
    }

    static let ldd = """
    \tlinux-vdso.so.1 (0x00007fd526f07000)
    \tlibaio.so.1 => /lib/x86_64-linux-gnu/libaio.so.1 (0x00007fd526e44000)
    \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fd5268af000)
    \t/lib64/ld-linux-x86-64.so.2 (0x00007fd526f09000)
    """

    @Test func lddGivesEveryLibraryAndTheLoader() throws {
        let parsed = try ToolBundle.parseLdd(Self.ldd, program: "/usr/bin/fio")
        #expect(parsed.libraries.map(\.name) == ["libaio.so.1", "libc.so.6"])
        #expect(parsed.libraries.map(\.path) == ["/lib/x86_64-linux-gnu/libaio.so.1", "/lib/x86_64-linux-gnu/libc.so.6"])
        #expect(parsed.loader == "/lib64/ld-linux-x86-64.so.2")
        #expect(throws: (any Error).self) { try ToolBundle.parseLdd("\tlibrbd.so.1 => not found\n", program: "/usr/bin/fio") }
    }

    @Test func aBundledToolRunsThroughItsOwnLoader() {
        let bundle = ToolBundle(directory: "/tmp/x/tools", loader: "ld-linux-x86-64.so.2")
        #expect(bundle.command("fio", at: "/cbench-tools", ["--version"])
                == ["/cbench-tools/lib/ld-linux-x86-64.so.2", "--library-path", "/cbench-tools/lib", "/cbench-tools/bin/fio", "--version"])
    }
}
