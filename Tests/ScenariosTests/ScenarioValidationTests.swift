import NamespaceCore
import Results
import Testing
@testable import Scenarios

/// Malformed scenario files are rejected before anything runs, with file, line and key.
struct ScenarioValidationTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })

    func reject(_ text: String) -> ScenarioError? {
        do {
            _ = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
            return nil
        } catch let error as ScenarioError {
            return error
        } catch {
            return nil
        }
    }

    let valid = """
    name: startup
    kind: performance
    rootfs: busybox
    iterations: 2
    workload:
      command: ["true"]
    """

    @Test func validFileParses() throws {
        let suite = try parser.parse(text: valid, file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? PerformanceKind)
        #expect(kind.workload.rootfs == "/fake/busybox")
        #expect(suite.scenarios.first?.iterations == 2)
        #expect(kind.metrics == PerformanceKind.defaultMetrics)
    }

    @Test func unknownKey() throws {
        let error = try #require(reject(valid + "\ncolour: blue"))
        #expect(error.line == 7)
        #expect(error.key == "colour")
    }

    @Test func wrongType() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "iterations: 2", with: "iterations: many")))
        #expect(error.line == 4)
        #expect(error.key == "iterations")
        #expect(error.message.contains("many"))
    }

    @Test func unknownTarget() throws {
        let error = try #require(reject(valid + "\ntargets: [crun, dockr]"))
        #expect(error.line == 7)
        #expect(error.message.contains("dockr"))
    }

    @Test func missingRootfs() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "rootfs: busybox\n", with: "")))
        #expect(error.key == "rootfs")
        #expect(error.message.contains("missing"))
    }

    @Test func rootfsThatDoesNotExist() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "rootfs: busybox", with: "rootfs: /nowhere")))
        #expect(error.line == 3)
        #expect(error.message.contains("/nowhere"))
    }

    @Test func unknownWorkloadKeyInASuite() throws {
        let text = """
        suite: s
        scenarios:
          - name: a
            kind: feature
            rootfs: busybox
            probes: [uts]
            workload:
              command: [x]
              shell: yes
        """
        let error = try #require(reject(text))
        #expect(error.line == 9)
        #expect(error.key == "scenarios[0].workload.shell")
    }

    @Test func unknownKindListsTheRegisteredOnes() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "kind: performance", with: "kind: speed")))
        #expect(error.line == 2)
        #expect(error.key == "kind")
        #expect(error.message.contains("feature, performance, image-unpack"))
    }

    @Test func aKeyOfAnotherKindIsUnknown() throws {
        let error = try #require(reject(valid + "\nprobes: [uts]"))
        #expect(error.line == 7)
        #expect(error.key == "probes")
        #expect(error.message.contains("unknown key"))
    }

    @Test func aKindReadsItsOwnKeys() throws {
        let text = """
        name: unpack
        kind: image-unpack
        iterations: 3
        megabytes: 20
        """
        let suite = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? ImageUnpackKind)
        #expect(kind.megabytes == 20)
        #expect(suite.scenarios.first?.kindName == "image-unpack")
        let error = try #require(reject(text.replacingOccurrences(of: "megabytes: 20", with: "megabytes: 0")))
        #expect(error.line == 4)
        #expect(error.key == "megabytes")
        let both = try #require(reject(text + "\nsweep:\n  megabytes: [10, 20]"))
        #expect(both.key == "megabytes")
        #expect(both.message.contains("not both"))
    }

    @Test func aKindsNestedMappingRejectsUnknownKeysWithTheirPath() throws {
        let error = try #require(reject(valid.replacingOccurrences(of: "  command: [\"true\"]", with: "  command: [\"true\"]\n  mode: sideways")))
        #expect(error.key == "workload.mode")
        #expect(error.message.contains("run, start-until-running"))
    }
}

/// Scenario-file errors that name the file and line, and nothing unrelated.
struct ScenarioFileErrorTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })
    let valid = "name: startup\nkind: performance\nrootfs: busybox\nworkload:\n  command: [\"true\"]\n"

    func reject(_ text: String) -> ScenarioError? {
        do {
            _ = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
            return nil
        } catch {
            return error as? ScenarioError
        }
    }

    @Test func aDuplicateKeyGivesItsLine() throws {
        let error = try #require(reject(valid + "iterations: 2\niterations: 3\n"))
        #expect(error.description == "t.yaml:7:1: iterations: duplicate key (first at line 6)")
        let nested = try #require(reject(valid + "thresholds:\n  p50: 5%\n  p50: 6%\n"))
        #expect(nested.description == "t.yaml:8:3: p50: duplicate key (first at line 7)")
    }

    @Test func aBadThresholdGivesItsLine() throws {
        let error = try #require(reject(valid + "thresholds:\n  p50: fast\n"))
        #expect(error.line == 7 && error.key == "thresholds.p50")
        #expect(error.message.contains("'fast' is not a percentage"))
        let alpha = try #require(reject(valid + "thresholds:\n  alpha: 5\n"))
        #expect(alpha.message.contains("between 0 and 1"))
        #expect(reject(valid + "thresholds:\n  p90: off\n  ratio: 50%\n") == nil)
    }

    @Test func aMissingFileSaysOnlySo() throws {
        do {
            _ = try parser.parse(file: "/nonexistent/cbench/x.yaml")
            Issue.record("a missing file parsed")
        } catch let error as ScenarioError {
            #expect(error.description == "no such file: /nonexistent/cbench/x.yaml")
            #expect(error.isMissingFile)
        }
    }

    @Test func adaptiveTakesACVAndACapNotBelowTheIterations() throws {
        let suite = try parser.parse(text: valid + "iterations: 20\nadaptive:\n  cv: 10%\n  max: 60\n", file: "t.yaml", defaultName: "t")
        #expect(suite.scenarios.first?.adaptive == AdaptivePolicy(cv: 0.1, maxIterations: 60))
        let low = try #require(reject(valid + "iterations: 20\nadaptive:\n  cv: 10%\n  max: 5\n"))
        #expect(low.key == "adaptive.max" && low.message.contains("at least 20"))
        let missing = try #require(reject(valid + "adaptive:\n  max: 5\n"))
        #expect(missing.key == "adaptive.cv")
    }

    @Test func hostMemAvailableIsGoneWithTheReason() throws {
        let error = try #require(reject(valid + "metrics: [create-to-exit, host-mem-available]\n"))
        #expect(error.key == "metrics" && error.message.contains("host-wide"))
    }
}

/// The noise checks' reading of the host and the CPU list of --cpus.
struct NoiseAndPinningTests {
    @Test func busyHostsAreWarnedAbout() {
        let sample = NoiseSample(loadAverage: [1.6, 1, 1], cpuMHz: [1200, 3000],
                                 busyProcesses: [BusyProcess(pid: 4, command: "cc1", cpuPercent: 99)])
        let warnings = NoiseCheck.warnings(sample, cores: 2, when: "at the start")
        #expect(warnings == [
            "the host was busy at the start: load average 1.60 on 2 cores",
            "other processes used CPU at the start: cc1 (pid 4) 99%",
            "CPU frequencies differ at the start: 1200 to 3000 MHz (frequency scaling)",
        ])
        #expect(NoiseCheck.warnings(NoiseSample(loadAverage: [0.2, 0, 0], cpuMHz: [2400, 2400]), cores: 2, when: "now").isEmpty)
    }

    @Test func theProcessesOfThisRunAreNotOthers() {
        let stats: [Int32: HostProcessStat] = [
            10: HostProcessStat(state: "S", parentPid: 1, startTime: 1), 11: HostProcessStat(state: "S", parentPid: 10, startTime: 2),
            12: HostProcessStat(state: "S", parentPid: 11, startTime: 3), 20: HostProcessStat(state: "S", parentPid: 1, startTime: 4),
        ]
        #expect(NoiseCheck.descendants(of: 10, stats: stats) == [10, 11, 12])
    }

    @Test func cpuListsParse() {
        #expect(CPUPinning.parse("1") == [1])
        #expect(CPUPinning.parse("0-1,3") == [0, 1, 3])
        #expect(CPUPinning.parse("x") == nil && CPUPinning.parse("3-1") == nil && CPUPinning.parse("") == nil)
    }

    @Test func eachSignalSaysWhatHappensNext() {
        #expect(StopSignal.announcement("SIGINT", forced: false).contains("Ctrl-C again stops waiting"))
        #expect(StopSignal.announcement("SIGINT", forced: true).contains("not waiting for the step to unwind"))
    }
}
