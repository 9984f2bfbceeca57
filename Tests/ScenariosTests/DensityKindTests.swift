import Foundation
import Glibc
import NamespaceCore
import Results
import Targets
import Testing
@testable import Scenarios

/// The density kind on a fake target and a fake host: the ramp, its checkpoints, every stop
/// condition and the limit it names, parallel workers, the teardown. No root, no containers.
struct DensityKindTests {
    func run(_ kind: DensityKind, target: FakeDensityTarget, stop: StopSignal = StopSignal(), timeout: Double = 30) -> ResultsDocument {
        let work = NSTemporaryDirectory() + "cbench-density-test-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = ScenarioRunner(targets: [target], progress: Progress(verbosity: .quiet), stop: stop, workDirectory: work, probe: nil)
        runner.measurePerf = false
        let scenario = Scenario(name: "density", kind: kind, timeoutSeconds: timeout)
        return runner.run(ScenarioSuite(name: "t", scenarios: [scenario]), environment: ScenarioRunnerTests.environment)
    }

    func kind(_ target: FakeDensityTarget, containers: Int = 20, checkpoints: [Int] = [1, 10, 20], budget: Double = 300,
              floor: UInt64 = 2 << 30, workers: [Int] = [], parallel: Int = 0, host: FakeDensityHost? = nil) -> DensityKind {
        DensityKind(container: IdleContainer(kind: .app, rootfs: "/"), containers: containers, checkpoints: checkpoints,
                    budgets: ["*": budget], memoryFloorBytes: floor, workers: workers, parallelContainers: parallel,
                    host: host ?? FakeDensityHost(target: target))
    }

    func row(_ document: ResultsDocument, _ column: String, target: String = "fake") -> ResultValue? {
        guard let table = document.tables.first(where: { $0.name == "density" }),
              let row = table.rows.first(where: { $0.first == .text(target) }),
              let index = table.columns.firstIndex(of: column) else { return nil }
        return row[index]
    }

    @Test func theRampReachesTheCountWithACheckpointAtEachListedCount() throws {
        let target = FakeDensityTarget()
        let document = run(kind(target), target: target)
        #expect(row(document, "max containers") == .number(20))
        #expect(row(document, "stopped by")?.description.contains("reached the count") == true)
        let checkpoints = try #require(document.tables.first { $0.name == "checkpoints" })
        #expect(checkpoints.rows.map { $0[1] } == [.number(1), .number(10), .number(20)])
        // 1 MiB less MemAvailable per container: 1 MB per container at every checkpoint.
        let perContainer = try #require(checkpoints.columns.firstIndex(of: "MB per container"))
        #expect(checkpoints.rows.allSatisfy { $0[perContainer] == .number(1) })
        #expect(row(document, "helper PSS MB per container")?.number.map { abs($0 - 50_000 / 1_048_576) < 1e-9 } == true)
        // The fake's kernel grows by 300 kB of slab and 20 kB of per-CPU memory per container.
        #expect(row(document, "kernel MB per container")?.number.map { abs($0 - 320_000 / 1_048_576) < 1e-9 } == true)
        #expect(document.measurements.first { $0.metric == "start" }?.samples.count == 20)
        #expect(document.measurements.first { $0.metric == "teardown" }?.samples.count == 20)
        #expect(document.series.first { $0.name == "MB per container" }?.points.map(\.x) == [1, 10, 20])
        #expect(target.live == 0 && target.removed == 20)
        #expect(document.failures.isEmpty)
    }

    @Test func aRampWithoutFiltersPreparesItsContainersSoAndSaysSo() {
        let target = FakeDensityTarget()
        var ramp = kind(target, containers: 3, checkpoints: [1, 3])
        ramp.container.seccomp = .disabled
        let document = run(ramp, target: target)
        #expect(target.preparedFilters == [.disabled])
        #expect(row(document, "seccomp filter") == .text("none (seccomp: none)"))
        #expect(row(run(kind(target, containers: 2, checkpoints: [2]), target: target), "seccomp filter") == .text("–"),
                "a target that does not say what it applies")
    }

    @Test func aFailedStartStopsTheRampAndNamesPidMaxWhenTheTasksAreAtIt() throws {
        let target = FakeDensityTarget()
        target.failAt = 8
        var host = FakeDensityHost(target: target)
        host.baseTasks = 32_760
        let document = run(kind(target, host: host), target: target)
        #expect(row(document, "max containers") == .number(7))
        let stoppedBy = try #require(row(document, "stopped by")?.description)
        #expect(stoppedBy.hasPrefix("kernel.pid_max=32768"))
        #expect(stoppedBy.contains("EAGAIN"))
        let failure = try #require(document.failures.first)
        #expect(failure.target == "fake" && failure.iteration == 7)
        #expect(document.notes(scenario: "density", target: "fake").contains { $0.category == .limit && $0.text.contains("kernel.pid_max") })
        // The failed container was cleaned up, the seven that ran were torn down.
        #expect(target.cleanedUp.count == 1)
        #expect(target.live == 0 && target.removed == 7)
        // A checkpoint at the count the ramp stopped at.
        #expect(document.tables.first { $0.name == "checkpoints" }?.rows.last?[1] == .number(7))
    }

    @Test func anEagainBelowPidMaxIsThePidsCgroup() {
        let stop = DensityLimitNaming.stop(errno: EAGAIN, message: "clone: EAGAIN", tasks: 500, limits: FakeDensityHost.limits)
        #expect(stop.limit?.hasPrefix("EAGAIN from the pids cgroup") == true)
        #expect(stop.summary.contains("pids.max"))
    }

    @Test func limitsAreNamedFromARuntimesWords() {
        let limits = FakeDensityHost.limits
        #expect(DensityLimitNaming.stop(errno: nil, message: "inotify_init1: Too many open files", tasks: 10, limits: limits).limit
            == "fs.inotify.max_user_instances=128")
        #expect(DensityLimitNaming.stop(errno: nil, message: "open /dev/null: too many open files", tasks: 10, limits: limits).limit
            == "nofile=20000/20000")
        #expect(DensityLimitNaming.stop(errno: EDQUOT, message: "join session keyring", tasks: 10, limits: limits).limit
            == (getuid() == 0 ? "kernel.keys.root_maxkeys=1000000" : "kernel.keys.maxkeys=200"))
        #expect(DensityLimitNaming.stop(errno: ENOSPC, message: "unshare net namespace", tasks: 10, limits: limits).limit
            == "user.max_net_namespaces=96364")
        #expect(DensityLimitNaming.stop(errno: nil, message: "fork/exec: cannot allocate memory", tasks: 10, limits: limits).limit == "ENOMEM")
        let unknown = DensityLimitNaming.stop(errno: nil, message: "exit 1: something odd", tasks: 10, limits: limits)
        #expect(unknown.limit == nil && unknown.summary == "first failure: exit 1: something odd")
    }

    @Test func anInitThatExitsWithTheInotifyInstancesAtTheLimitNamesIt() throws {
        let limits = FakeDensityHost.limits
        let message = "wait c-26: the init exited before boot finished"
        let atLimit = DensityLimitNaming.stop(errno: nil, message: message, tasks: 900, limits: limits, inotifyInstances: 123)
        #expect(atLimit.limit == "fs.inotify.max_user_instances=128")
        #expect(atLimit.summary.contains("123 inotify instances in use"))
        // Far below the limit the failure stays unexplained.
        #expect(DensityLimitNaming.stop(errno: nil, message: message, tasks: 900, limits: limits, inotifyInstances: 40).limit == nil)
        // Through a ramp: the host's count reaches the ramp's stop reason.
        let target = FakeDensityTarget()
        target.failAt = 5
        target.failure = CoreError(stage: "wait c-5", detail: "the init exited before boot finished")
        var host = FakeDensityHost(target: target)
        host.inotifyInUse = 126
        let document = run(kind(target, host: host), target: target)
        let stoppedBy = try #require(row(document, "stopped by")?.description)
        #expect(stoppedBy.hasPrefix("fs.inotify.max_user_instances=128"))
    }

    @Test func theMemoryFloorStopsTheRampBeforeTheHostRunsLow() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.total = (2 << 30) + 5 * (1 << 20)
        let document = run(kind(target, host: host), target: target)
        // Five containers leave exactly the floor; the sixth start is not tried.
        #expect(row(document, "max containers") == .number(6))
        #expect(row(document, "stopped by")?.description.hasPrefix("MemAvailable floor 2048 MiB") == true)
        #expect(target.live == 0)
    }

    @Test func theTimeBudgetStopsTheRamp() {
        let target = FakeDensityTarget()
        let document = run(kind(target, budget: 1e-9), target: target)
        #expect(row(document, "max containers") == .number(0))
        #expect(row(document, "stopped by")?.description.hasPrefix("time budget") == true)
    }

    @Test func aTeardownWhoseProcessesStayIsARecordedFailedCheckAfterTheBound() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.leftoverChildren = [4242]
        var density = kind(target, containers: 3, checkpoints: [1, 3], host: host)
        density.settleSeconds = 0.3
        let document = run(density, target: target)
        let failure = try #require(document.failures.first { $0.stage == "teardown check" })
        #expect(failure.error.contains("not back within 0.3 s of the teardown of 3 containers: 1 processes of the run remain"), "\(failure.error)")
        #expect(row(document, "settled after s")?.description.hasPrefix("not within 0.3 s: 1 processes of the run remain") == true)
        #expect(row(document, "leftovers")?.description == "0 cgroups, 0 helpers, 1 processes, 0 not removed")
    }

    @Test func aTeardownThatLeavesNothingSettlesAndRecordsHowLong() {
        let target = FakeDensityTarget()
        let document = run(kind(target, containers: 3, checkpoints: [1, 3]), target: target)
        #expect(document.failures.isEmpty)
        #expect(row(document, "settled after s")?.number.map { $0 >= 0 } == true)
        #expect(row(document, "leftovers")?.description == "0 cgroups, 0 helpers, 0 processes, 0 not removed")
    }

    @Test func aStopRequestEndsTheRampAndStillTearsDown() {
        let stop = StopSignal()
        let target = FakeDensityTarget()
        target.stopAt = 5
        target.stop = stop
        let document = run(kind(target), target: target, stop: stop)
        #expect(document.partial)
        #expect(row(document, "stopped by")?.description.contains("SIGINT") == true)
        #expect(target.live == 0)
    }

    @Test func aStartThatFinishesAfterTheStopIsRemovedToo() {
        let stop = StopSignal()
        let target = FakeDensityTarget()
        target.stopAt = 3
        target.stop = stop
        // Well past the stop signal's poll: the step is abandoned while its start still runs.
        target.finishAfterStop = 500_000
        let document = run(kind(target), target: target, stop: stop)
        #expect(row(document, "stopped by")?.description.contains("SIGINT") == true)
        #expect(target.live == 0, "the third container started after its step was abandoned")
        #expect(target.cleanedUp.count == 1)
    }

    @Test func aTeardownWithWorkersRemovesEveryContainerSeveralAtOnceAndSaysSo() throws {
        let target = FakeDensityTarget()
        target.removalMicroseconds = 5000
        var density = kind(target)
        density.teardownWorkers = 3
        let document = run(density, target: target)
        #expect(target.live == 0 && target.removed == 20)
        #expect(document.measurements.first { $0.metric == "teardown" }?.samples.count == 20)
        #expect(target.mostRemovingAtOnce > 1 && target.mostRemovingAtOnce <= 3, "\(target.mostRemovingAtOnce)")
        #expect(document.notes.contains { $0.target == "fake" && $0.text.contains("teardown with 3 workers at once") })
        #expect(document.failures.isEmpty)

        let serial = FakeDensityTarget()
        serial.removalMicroseconds = 1000
        let alone = run(kind(serial), target: serial)
        #expect(serial.removed == 20 && serial.mostRemovingAtOnce == 1)
        #expect(!alone.notes.contains { $0.text.contains("workers at once") })
    }

    @Test func workersStartInParallelAndEveryWorkerCountIsTornDown() throws {
        let target = FakeDensityTarget()
        let document = run(kind(target, containers: 3, checkpoints: [1, 3], workers: [1, 2], parallel: 4), target: target)
        let rates = try #require(document.series.first { $0.name == "containers per second" })
        #expect(rates.points.map(\.x) == [1, 2])
        let parallel = document.measurements.filter { $0.metric == "parallel-start" }
        #expect(Set(parallel.map { $0.parameters["workers"] }) == ["1", "2"])
        #expect(parallel.allSatisfy { $0.samples.count == 4 })
        #expect(row(document, "containers/s with 2 workers")?.number != nil)
        #expect(target.live == 0 && target.removed == 8 + 3)
    }
}

/// The keys of `kind: density`, read and checked before anything runs.
struct DensityKindParsingTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })

    func kind(_ text: String) throws -> DensityKind {
        let suite = try parser.parse(text: "name: d\nkind: density\n" + text, file: "t.yaml", defaultName: "t")
        return try #require(suite.scenarios.first?.kind as? DensityKind)
    }

    @Test func keysAreRead() throws {
        let kind = try kind("""
            container: busybox-system
            containers: 2000
            budget: 120
            budgets: {lxc: 60}
            memoryFloor: 4096
            workers: [1, 4]
            parallelContainers: 16
            settle: 45
            teardownWorkers: 2
            """)
        #expect(kind.container == IdleContainer(kind: .busyboxSystem, rootfs: "/fake/busybox"))
        #expect(kind.settleSeconds == 45)
        #expect(kind.containers == 2000)
        #expect(kind.checkpoints == [1, 10, 100, 500, 1000, 2000])
        #expect(kind.budget(of: "lxc") == 60 && kind.budget(of: "cbench-system") == 120)
        #expect(kind.memoryFloorBytes == 4096 << 20)
        #expect(kind.workers == [1, 4] && kind.parallelContainers == 16)
        #expect(kind.teardownWorkers == 2)
        #expect(try self.kind("containers: 5").teardownWorkers == 1, "one by one unless asked")
        #expect(try self.kind("shrinkerMark: prime").shrinkerMark == .prime)
        #expect(try self.kind("containers: 5").shrinkerMark == .off, "the host's mark unless asked")
        #expect(try self.kind("kernelFloor: 30").kernelFloorStarts == 30)
        #expect(try self.kind("containers: 5").kernelFloorStarts == 0, "no bare starts unless asked")
        #expect(try self.kind("seccomp: none").container.seccomp == .disabled)
        #expect(try self.kind("containers: 5").container.seccomp == .targetDefault, "the target's own filter unless asked")
    }

    @Test func noFilterIsAskedOfTheAppContainersTheTargetPrepares() throws {
        let kind = try kind("seccomp: none")
        #expect(kind.container.appWorkload.seccomp == .disabled)
        #expect(try self.kind("containers: 5").container.appWorkload.seccomp == .targetDefault)
    }

    @Test func theDebianContainerDefaultsToTheBookwormRoot() throws {
        #expect(try kind("container: debian-system").container.rootfs == IdleContainer.debianBookwormRootfs)
    }

    @Test func badValuesAreRejectedWithTheirKey() {
        for (text, key) in [("container: vm", "container"), ("checkpoints: [0]", "checkpoints"), ("workers: [100]", "workers"),
                            ("budgets: {lxc: soon}", "budgets"), ("rootfs: relative", "rootfs"),
                            ("sweep: {containers: [1, 2]}", "sweep"), ("teardownWorkers: 0", "teardownWorkers"),
                            ("teardownWorkers: 17", "teardownWorkers"), ("shrinkerMark: raise", "shrinkerMark"),
                            ("kernelFloor: -1", "kernelFloor"), ("seccomp: off", "seccomp"),
                            ("container: busybox-system\nseccomp: none", "seccomp")] {
            do {
                _ = try kind(text)
                Issue.record("accepted \(text)")
            } catch let error as ScenarioError {
                #expect(error.key == key, "\(text): \(error)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }
}

/// The density scenarios shipped in Scenarios/ parse as they are.
struct DensityScenarioFileTests {
    @Test func theShippedDensityScenariosParse() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let full = try parser.parse(file: root.appendingPathComponent("Scenarios/density.yaml").path)
        // The short system files first: an overrun of the hold cuts the app file's last rows.
        #expect(full.scenarios.map { ($0.kind as? DensityKind)?.container.kind } == [.busyboxSystem, .debianSystem, .app])
        func density(_ kind: IdleContainer.Kind) throws -> (Scenario, DensityKind) {
            let scenario = try #require(full.scenarios.first { ($0.kind as? DensityKind)?.container.kind == kind })
            return (scenario, try #require(scenario.kind as? DensityKind))
        }
        let (appScenario, app) = try density(.app)
        let (systemScenario, system) = try density(.busyboxSystem)
        let (debianScenario, debian) = try density(.debianSystem)
        // Every target the issue names, each with its goal count, and the Debian variant at a smaller N.
        #expect(Set(appScenario.targets ?? []) == ["cbench-oci", "cbench-app", "crun", "runc", "podman-crun", "podman-runc", "docker"])
        #expect(systemScenario.targets == ["cbench-system", "lxc"] && debianScenario.targets == ["cbench-system", "lxc"])
        #expect(app.containers == 10_000 && system.containers == 2_000 && debian.containers < system.containers)
        #expect([app, system, debian].allSatisfy { $0.workers == [1, 2, 4, 8] && $0.parallelContainers > 0 })
        // cbench-oci's budget is the largest: the one ramp meant to reach 10,000 in the hold.
        let appTargets = appScenario.targets ?? []
        #expect(appTargets.allSatisfy { app.budget(of: $0) <= app.budget(of: "cbench-oci") })
        // The ramps alone leave at least a third of 30 minutes to parallel starts, teardowns and settling.
        let ramps = appTargets.map(app.budget(of:)).reduce(0, +) + ["cbench-system", "lxc"].map { system.budget(of: $0) + debian.budget(of: $0) }.reduce(0, +)
        #expect(ramps <= 1_200, "ramp budgets add up to \(ramps) s")
        // Each teardown's wait for the host is bounded, and with the ramps it leaves room for the rest.
        let settling = Double(appTargets.count) * app.settleSeconds + 2 * (system.settleSeconds + debian.settleSeconds)
        #expect([app, system, debian].allSatisfy { $0.settleSeconds <= 30 })
        #expect(ramps + settling <= 1_500, "ramp budgets and settling bounds add up to \(ramps + settling) s")
        // The filter's cost: the same cbench-app ramp with the default filter and without.
        let seccomp = try parser.parse(file: root.appendingPathComponent("Scenarios/density-seccomp.yaml").path)
        let filters = seccomp.scenarios.compactMap { ($0.kind as? DensityKind).map { ($0.container.seccomp, $0.containers) } }
        #expect(filters.map(\.0) == [.targetDefault, .disabled] && filters.allSatisfy { $0.1 == 2000 })
        #expect(seccomp.scenarios.allSatisfy { $0.targets == ["cbench-app"] })
        let quick = try parser.parse(file: root.appendingPathComponent("Scenarios/quick.yaml").path)
        #expect(quick.scenarios.compactMap { ($0.kind as? DensityKind)?.containers } == [20, 50])
    }

    /// The goal run: cbench-oci and cbench-app to 10,000 with crun beside them, ramps that fit it.
    @Test func theTenThousandFileAsksForTheGoalOfBothOwnModes() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try parser.parse(file: root.appendingPathComponent("Scenarios/density-10k.yaml").path)
        let scenario = try #require(file.scenarios.first)
        let kind = try #require(scenario.kind as? DensityKind)
        #expect(Set(scenario.targets ?? []) == ["cbench-oci", "cbench-app", "crun"])
        #expect(kind.containers == 10_000 && kind.checkpoints.last == 10_000 && kind.teardownWorkers == 2)
        // Primed, both reached 10,000 in 242 and 259 s (2026-12-04 22:40), and stopped at
        // 9,643 and 9,657 in 300 and 320 s with the floor's starts beside them (2026-12-05 01:20).
        #expect(kind.budget(of: "cbench-oci") > 320 && kind.budget(of: "cbench-app") > 320)
        // crun to 10,000 too at its measured 81 starts/s (2026-12-04, 1 worker): the kernel's
        // O(N) costs at 10,000 are seen beside ours.
        #expect(kind.budget(of: "crun") > 10_000 / 81)
        // Beside the targets, what any runtime pays the kernel at each count.
        #expect(kind.kernelFloorStarts > 0)
    }
}
