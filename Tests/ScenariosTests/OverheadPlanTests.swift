import Foundation
import Testing
import Targets
@testable import Scenarios

/// The overhead kind's plan and keys: which points a scenario runs, in which order, with
/// which command lines.
struct OverheadPlanTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })

    @Test func everyWorkloadBecomesItsPoints() {
        let points = OverheadWorkload.points(names: OverheadWorkload.names, storage: FioStorage.allCases)
        #expect(points == [.cpu, .syscalls(.targetDefault), .syscalls(.disabled), .memory, .process,
                           .fileIO(.root), .fileIO(.bind), .fileIO(.volume), .fileIO(.tmpfs)])
        for point in points { #expect(OverheadWorkload(parameters: point.parameters) == point) }
        #expect(OverheadWorkload.syscalls(.disabled).parameters == ["workload": "syscalls", "filter": "none"])
        #expect(OverheadWorkload(parameters: ["workload": "fio", "storage": "nfs"]) == nil)
    }

    @Test func aScenarioPicksWorkloadsStorageAndScale() throws {
        let suite = try parser.parse(text: """
            name: o
            kind: overhead
            workloads: [syscalls, fio]
            storage: [bind, tmpfs]
            scale: 0.5
            iterations: 3
            """, file: "o.yaml", defaultName: "o")
        let kind = try #require(suite.scenarios.first?.kind as? OverheadKind)
        #expect(kind.points == [.syscalls(.targetDefault), .syscalls(.disabled), .fileIO(.bind), .fileIO(.tmpfs)])
        #expect(kind.amounts == WorkloadAmounts(scale: 0.5))
        #expect(kind.amounts.syscalls == 50_000)
        #expect(kind.rootfs == "/fake/busybox")
        #expect(kind.plannedSteps(try #require(suite.scenarios.first), targets: 3) == 4 * 3 * 3)
        #expect(OverheadKind.baselines == ["host"])
    }

    @Test func unknownWorkloadsAndScalesAreRejected() {
        for text in ["workloads: [gpu]", "storage: [nfs]", "scale: 0", "scale: 1000"] {
            #expect(throws: ScenarioError.self, "\(text)") {
                try parser.parse(text: "name: o\nkind: overhead\n" + text, file: "o.yaml", defaultName: "o")
            }
        }
    }

    @Test func fioRunsEightJobsOneByOneBoundedByAmountOnOneFile() {
        #expect(FioJob.all.map(\.name) == ["seq-write-buffered", "seq-write-direct", "seq-read-buffered", "seq-read-direct",
                                          "rand-write-buffered", "rand-write-direct", "rand-read-buffered", "rand-read-direct"])
        let bounds = FioBounds(fileMegabytes: 32, randomMegabytes: 4, capSeconds: 10)
        for job in FioJob.all {
            let arguments = job.arguments(directory: "/cbench-bind", bounds: bounds)
            #expect(arguments.contains("--directory=/cbench-bind") && arguments.contains("--filename=cbench-fio.data"), "\(job.name)")
            #expect(arguments.contains("--output-format=json"))
            // Bounded by amount: the whole file, a fixed random share; the time is only a cap.
            #expect(arguments.contains("--size=32M") && arguments.contains("--io_size=4M") == job.random, "\(job.name)")
            #expect(!arguments.contains("--time_based") && arguments.contains("--runtime=10s"))
            // Like for like: the cache dropped before each job, buffered writes flushed inside it.
            #expect(arguments.contains("--invalidate=1") && arguments.contains("--end_fsync=1"))
            // This job alone, as it was named and defined in one fio for all.
            #expect(arguments.filter { $0.hasPrefix("--name=") } == ["--name=\(job.name)"])
            #expect(arguments.contains("--rw=\(job.readWrite)") && arguments.contains("--bs=\(job.random ? "4k" : "128k")"))
            #expect(arguments.filter { $0.hasPrefix("--direct=") } == ["--direct=\(job.direct ? 1 : 0)"])
            #expect(!arguments.contains("--stonewall") && !arguments.contains("--"), "nothing a sequence would take for its separator")
        }
        #expect(FioJob.all.filter(\.direct).count == 4 && FioJob.all.filter(\.random).count == 4)
        #expect(FioJob.all.first?.expectedBytes(bounds) == 32 << 20 && FioJob.all.last?.expectedBytes(bounds) == 4 << 20)
        #expect(FioBounds(fileMegabytes: 4, randomMegabytes: 8, capSeconds: 1).randomMegabytes == 4)
    }

    /// The full scenario's fio amounts: each job long enough on a volatile root (tens of ms) that
    /// fio's whole-millisecond timing is a few % of it; a smoke scale keeps the minimums.
    @Test func fioAmountsAtFullScaleAreLongerThanFiosTimingTick() {
        let full = WorkloadAmounts(scale: 1).fio
        #expect(full.fileMegabytes == 128 && full.randomMegabytes == 16 && full.capSeconds == 10)
        #expect(FioJob.all.last?.arguments(directory: "/tmp", bounds: full).contains("--io_size=16M") == true)
        let smoke = WorkloadAmounts(scale: 0.01).fio
        #expect(smoke.fileMegabytes == 4 && smoke.randomMegabytes == 1)
    }

    /// The file I/O workload's command: cbench-work's sequence of one fio per job, in the
    /// jobs' order, each through the tool bundle's loader, all on the same directory.
    @Test func fioJobsRunAsASequenceOfOneFioEach() {
        let bounds = FioBounds(fileMegabytes: 32, randomMegabytes: 4, capSeconds: 10)
        let tools = ToolBundle(directory: "/host/tools", loader: "ld-linux-x86-64.so.2")
        let command = OverheadStep.fioCommand(work: "/cbench-work", tools: tools, at: "/cbench-tools", storage: "/tmp", bounds: bounds)
        #expect(Array(command.prefix(3)) == ["/cbench-work", "sequence", "--"])
        let programs = command.dropFirst(2).split(separator: "--", omittingEmptySubsequences: false).dropFirst().map(Array.init)
        #expect(programs.count == FioJob.all.count)
        for (program, job) in zip(programs, FioJob.all) {
            #expect(program == tools.command("fio", at: "/cbench-tools", job.arguments(directory: "/tmp", bounds: bounds)))
        }
        #expect(WorkSequence.command(work: "/w", [["/a", "1"], ["/b"]]) == ["/w", "sequence", "--", "/a", "1", "--", "/b"])
    }

    /// The shipped file: every workload on every target, fio on one target of each storage,
    /// with the host as the baseline of both.
    @Test func theShippedOverheadFileRunsEveryWorkloadAndFioOnEachStorageOnce() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/overhead.yaml").path
        let suite = try parser.parse(file: file)
        #expect(suite.scenarios.map(\.name) == ["overhead", "overhead-fio"])
        let kinds = suite.scenarios.compactMap { $0.kind as? OverheadKind }
        #expect(kinds.map(\.workloads) == [["cpu", "syscalls", "memory", "process"], ["fio"]])
        #expect(suite.scenarios.first?.targets == nil, "every installed target")
        let fioTargets = try #require(suite.scenarios.last?.targets)
        #expect(Set(fioTargets) == ["host", "cbench-app", "cbench-system", "crun", "podman-crun", "docker", "lxc"])
        #expect(suite.scenarios.allSatisfy { $0.iterations >= 3 }, "a verdict needs three rounds")
    }

    /// quick.yaml's tiny version: every workload once at a tenth of its amount, fio on a bind
    /// mount only, on every installed target.
    @Test func theQuickSuiteHoldsATinyOverheadRun() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/quick.yaml").path
        let quick = try parser.parse(file: file)
        let tiny = try #require(quick.scenarios.first { $0.kind is OverheadKind })
        let kind = try #require(tiny.kind as? OverheadKind)
        #expect(kind.workloads == OverheadWorkload.names && kind.storage == [.bind])
        #expect(kind.amounts == WorkloadAmounts(scale: 0.1))
        #expect(tiny.iterations == 1 && tiny.targets == nil)
    }

    @Test func pointsOfTheirOwnKeepTheInterleavedOrder() {
        let steps = StepPlan.steps(points: [["workload": "cpu"], ["workload": "memory"]], warmup: 1, iterations: 2, targets: ["host", "crun"])
        #expect(steps.count == 2 * 3 * 2)
        #expect(steps.prefix(6).map(\.target) == ["host", "crun", "host", "crun", "host", "crun"])
        #expect(steps.prefix(6).map(\.warmup) == [true, true, false, false, false, false])
        #expect(steps[6].point == ["workload": "memory"])
    }

    @Test func theFilterPointsRunSideBySideInEachRoundAndTheRestAlone() {
        let points = OverheadWorkload.points(names: ["cpu", "syscalls", "memory"], storage: []).map(\.parameters)
        let groups = StepPlan.groups(points, by: { $0["workload"] == "syscalls" ? "syscalls" : nil })
        #expect(groups.map(\.count) == [1, 2, 1])
        #expect(groups[1].map { $0["filter"] } == ["default", "none"])
        #expect(StepPlan.groups(points, by: nil).count == points.count)

        let steps = StepPlan.steps(points: groups[1], warmup: 1, iterations: 2, targets: ["host", "docker"], shuffleSeed: 3, sideBySide: true)
        #expect(steps.count == 3 * 2 * 2)
        let rounds = stride(from: 0, to: steps.count, by: 4).map { Array(steps[$0..<$0 + 4]) }
        for (index, round) in rounds.enumerated() {
            #expect(round.map(\.warmup) == Array(repeating: index == 0, count: 4))
            #expect(Set(round.map(\.iteration)) == [index == 0 ? 0 : index - 1])
            // Each target takes both points back to back, in an order that alternates by round.
            #expect(round[0].target == round[1].target && round[2].target == round[3].target && round[0].target != round[2].target)
            let first = index.isMultiple(of: 2) ? "default" : "none"
            #expect(round[0].point["filter"] == first && round[2].point["filter"] == first)
            #expect(round[1].point["filter"] != first)
        }
    }

    @Test func shuffledRoundsHoldEveryTargetOnceAndVaryWhatRunsBefore() {
        let targets = ["host", "cbench-oci", "crun", "runc", "docker"]
        let steps = StepPlan.steps(points: [["workload": "cpu"]], warmup: 1, iterations: 7, targets: targets, shuffleSeed: 7)
        let rounds = stride(from: 0, to: steps.count, by: targets.count).map { Array(steps[$0..<$0 + targets.count].map(\.target)) }
        #expect(rounds.count == 8)
        #expect(rounds.allSatisfy { $0.sorted() == targets.sorted() })
        let beforeHost = Set(rounds.compactMap { round in round.firstIndex(of: "host").flatMap { $0 > 0 ? round[$0 - 1] : nil } })
        #expect(beforeHost.count > 1, "the host does not always follow the same target: \(rounds)")
        #expect(StepPlan.steps(points: [["workload": "cpu"]], warmup: 1, iterations: 7, targets: targets, shuffleSeed: 7) == steps)
    }

    @Test func theBaselineAlwaysTakesPartAndIsAddedToATargetList() throws {
        let suite = try parser.parse(text: "name: o\nkind: overhead\ntargets: [crun]\n", file: "o.yaml", defaultName: "o")
        #expect(SuiteSession.targets(["crun"], for: suite.scenarios) == ["crun", "host"])
        #expect(SuiteSession.targets(["host", "crun"], for: suite.scenarios) == ["host", "crun"])
    }
}
