import Checkpoints
import NamespaceCore
import Targets
import Testing
@testable import Scenarios

/// The migration kind's keys, and the client's verdicts on made-up traces.
struct MigrationKindTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })
    let text = """
    name: move
    kind: migration
    rootfs: busybox
    workload:
      command: [/cbench-probe, --serve, "{port}", --touch, "{megabytes}"]
    megabytes: 64
    strategy: post-copy
    """

    @Test func itsKeysAreRead() throws {
        let suite = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
        let kind = try #require(suite.scenarios.first?.kind as? MigrationKind)
        #expect(kind.megabytes == 64)
        #expect(kind.strategy == .postCopy)
        #expect(kind.tcp)
        #expect(kind.workload.command(at: ["port": "7100", "megabytes": "64"]) == ["/cbench-probe", "--serve", "7100", "--touch", "64"])
    }

    @Test func anUnknownStrategyAndAKeyGivenTwiceAreRejected() throws {
        func reject(_ text: String) -> ScenarioError? {
            do {
                _ = try parser.parse(text: text, file: "t.yaml", defaultName: "t")
                return nil
            } catch {
                return error as? ScenarioError
            }
        }
        let strategy = try #require(reject(text.replacingOccurrences(of: "post-copy", with: "teleport")))
        #expect(strategy.key == "strategy")
        #expect(strategy.line == 7)
        let both = try #require(reject(text + "\nsweep:\n  strategy: [stop-and-copy]"))
        #expect(both.key == "strategy")
        #expect(both.message.contains("not both"))
    }

    @Test func hostsSaysWhereTheContainerMovesAndDefaultsToThisHost() throws {
        let one = try #require(try parser.parse(text: text, file: "t.yaml", defaultName: "t").scenarios.first?.kind as? MigrationKind)
        #expect(one.hosts == .one)
        let lab = try #require(try parser.parse(text: text + "\nhosts: lab", file: "t.yaml", defaultName: "t").scenarios.first?.kind as? MigrationKind)
        #expect(lab.hosts == .lab)
        #expect(lab.hosts(at: ["hosts": "one"]) == .one)
        #expect(throws: ScenarioError.self) { try parser.parse(text: text + "\nhosts: mars", file: "t.yaml", defaultName: "t") }
    }

    /// Scenarios/migration-table.yaml, the table in one run: the moves on one host with
    /// runc, then cbench's two modes between lab hosts, then the engines, each at 16 and 256 MB.
    @Test func theTableFileHoldsItsThreeScenariosInOrder() throws {
        let article = ReferenceAnswersTests.articleFile
        let directory = String(article[..<(try #require(article.lastIndex(of: "/")))])
        let suite = try parser.parse(file: directory + "/migration-table.yaml")
        #expect(suite.scenarios.map(\.name) == ["migration-one", "migration-lab", "migration-engines"])
        #expect(suite.scenarios.compactMap { ($0.kind as? MigrationKind)?.hosts } == [.one, .lab, .one])
        #expect(suite.scenarios.allSatisfy { $0.sweep["megabytes"] == ["16", "256"] })
        #expect(suite.scenarios[1].targets ?? [] == ["cbench-system", "cbench-app"], "both of cbench's modes between lab hosts")
        for scenario in suite.scenarios.prefix(2) {
            #expect(Set(scenario.sweep["strategy"] ?? []) == Set(MigrationStrategy.allCases.map(\.rawValue)),
                    "\(scenario.name): every strategy (a kernel without soft-dirty tracking skips pre-copy's cells, with its reason)")
        }
    }

    func reply(_ sequence: UInt64, at milliseconds: UInt64, counter: UInt64) -> DowntimeTrace.Reply {
        DowntimeTrace.Reply(sequence: sequence, received: milliseconds * 1_000_000, counter: counter)
    }

    @Test func theDowntimeIsTheLongestGapBetweenReplies() throws {
        let trace = DowntimeTrace(sent: 10, replies: [reply(1, at: 1, counter: 5), reply(2, at: 2, counter: 6),
                                                      reply(8, at: 90, counter: 7), reply(9, at: 91, counter: 9)],
                                  start: 0, end: 100_000_000)
        let gap = try #require(trace.longestGap)
        #expect(gap.nanoseconds == 88_000_000)
        #expect(gap.before.sequence == 2 && gap.after.sequence == 8)
        #expect(trace.lost == 6)
        #expect(trace.counterContinued)
        #expect(trace.answered(after: 89_000_000))
        #expect(!trace.answered(after: 91_000_000))
    }

    @Test func aCounterThatGoesBackIsARestartAndOneReplyIsNoGap() {
        let restarted = DowntimeTrace(sent: 3, replies: [reply(1, at: 1, counter: 500), reply(3, at: 60, counter: 2)],
                                      start: 0, end: 70_000_000)
        #expect(!restarted.counterContinued)
        let single = DowntimeTrace(sent: 3, replies: [reply(1, at: 1, counter: 1)], start: 0, end: 70_000_000)
        #expect(single.longestGap == nil)
        #expect(restarted.regressionDescription(origin: 0)?.contains("a restarted service") == true)
        #expect(single.regressionDescription(origin: 0) == nil)
    }

    /// Which reply went back and what the client can tell of who sent it: a later datagram
    /// answered from an older count is a second copy of the service; an earlier datagram's
    /// reply arriving late was overtaken; equal counters are no step back.
    @Test func aCounterGoingBackNamesTheRepliesAndWhoAnswered() throws {
        let twice = DowntimeTrace(sent: 40, replies: [reply(10, at: 10, counter: 900), reply(11, at: 11, counter: 900),
                                                      reply(30, at: 400, counter: 950), reply(31, at: 401, counter: 912),
                                                      reply(32, at: 402, counter: 951), reply(33, at: 403, counter: 913)],
                                  start: 0, end: 500_000_000)
        let regression = try #require(twice.firstRegression)
        #expect(regression.highest.sequence == 30 && regression.below.sequence == 31)
        #expect(twice.repliesBelowTheHighest == 2)
        let text = try #require(twice.regressionDescription(origin: 100_000_000))
        #expect(text.contains("912 (datagram 31, received 301.0 ms after the migration began) after 950 (datagram 30, received 300.0 ms"))
        #expect(text.contains("2 of 6 replies") && text.contains("a second copy of the service"))
        let overtaken = DowntimeTrace(sent: 9, replies: [reply(5, at: 5, counter: 70), reply(4, at: 6, counter: 69)],
                                      start: 0, end: 10_000_000)
        #expect(overtaken.regressionDescription(origin: 0)?.contains("overtaken on the way") == true)
        #expect(!overtaken.counterContinued)
    }
}

/// The per-step split of a migration and of the client's downtime, on made-up phases.
struct MigrationStepSplitTests {
    static func phase(_ name: String, _ start: UInt64, _ end: UInt64) -> Phase {
        Phase(name: name, start: start * 1_000_000, end: end * 1_000_000)
    }

    /// A post-copy move between hosts: the destination reported the parts of its restore.
    static let postCopy = MigrationRun(
        phases: [phase("dump", 100, 300), phase("transfer", 300, 700), phase("restore", 700, 2_700), phase("finish source", 2_700, 2_750)],
        parts: [phase("prepare", 900, 950), phase("criu restore", 950, 1_200), phase("announce", 1_200, 1_201),
                phase("lazy pages", 1_210, 2_600)],
        bytesMoved: 2_000_000, frozenMilliseconds: nil)

    @Test func theRestoreEndsWhenTheTreeRunsAndItsPartsAreStepsOfTheirOwn() {
        let steps = Self.postCopy.stepSpans.map { ($0.kind, $0.milliseconds) }
        #expect(steps.map(\.0) == [.dump, .transfer, .restore, .networkSwitch, .lazyPages, .finishSource])
        #expect(steps.map(\.1) == [200, 400, 500, 1, 1_390, 50])
        #expect(MigrationStepKind.networkSwitch.metricName == "step-network-switch")
        #expect(MigrationMetrics.metricName(.dump) == "checkpoint" && MigrationMetrics.metricName(.lazyPages) == "step-lazy-pages-done")
    }

    @Test func withoutPartsTheRestoreIsItsWholePhaseAndPreDumpsAreOneSpan() {
        let run = MigrationRun(phases: [Self.phase("pre-dump 1", 0, 50), Self.phase("pre-dump 2", 50, 70), Self.phase("dump", 70, 90),
                                        Self.phase("restore", 90, 190), Self.phase("rollback", 190, 200)],
                               bytesMoved: 0, frozenMilliseconds: nil)
        #expect(run.stepSpans.map(\.kind) == [.preDump, .dump, .restore])
        #expect(run.stepMilliseconds == [.preDump: 70, .dump: 20, .restore: 100])
    }

    @Test func theDowntimeIsSplitByTheStepsItFellInAndWhatFellInNone() {
        // The last reply before the gap at 99 ms, the first after it at 1,230 ms (the service
        // answered before its lazy pages were all in).
        let split = Self.postCopy.downtimeSplit(from: 99_000_000, to: 1_230_000_000)
        #expect(split.steps.map(\.0) == [.dump, .transfer, .restore, .networkSwitch, .lazyPages])
        #expect(split.steps.map(\.1) == [200, 400, 500, 1, 20])
        // 1 ms before the dump, 9 ms between the announce and the lazy-pages wait.
        #expect(split.outside == 10)
        #expect(Self.postCopy.downtimeSplit(from: 5, to: 5).steps.isEmpty)
    }

    @Test func theCellTableGivesMediansPerCellAndTheSplitsMedian() throws {
        func sample(_ downtime: Double, gapEnd: UInt64) -> MigrationSample {
            MigrationSample(downtimeMilliseconds: downtime, run: Self.postCopy, lost: 0, counterBefore: 1, counterAfter: 2,
                            tcpSurvived: true, gapStart: 99_000_000, gapEnd: gapEnd * 1_000_000)
        }
        var table = MigrationCellTable()
        let cell = MigrationCellTable.Cell(target: "cbench-system", strategy: .postCopy, hosts: .lab, megabytes: 256)
        table.add(sample(1_131, gapEnd: 1_230), to: cell)
        table.add(sample(1_001, gapEnd: 1_100), to: cell)
        table.add(sample(1_141, gapEnd: 1_240), to: cell)
        let row = try #require(table.rows.first)
        #expect(row.count == MigrationCellTable.columns.count)
        #expect(row[4] == .number(3) && row[5] == .number(1_131) && row[6] == .text("1001–1141"))
        let column = { (name: String) in MigrationCellTable.columns.firstIndex(of: name) ?? 0 }
        #expect(row[column("pre-dump p50 ms")] == .text("n/a"), "no pre-dump")
        #expect(row[column("dump p50 ms")] == .number(200))
        #expect(row[column("lazy pages done p50 ms")] == .number(1_390))
        #expect(row.last == .text("dump 200 · transfer 400 · restore 500 · network switch 1 · lazy pages done 20 · outside the steps 10"))
        #expect(sample(1_131, gapEnd: 1_230).row(target: "t", strategy: .postCopy, hosts: .lab, megabytes: 256).count
                == MigrationSample.columns.count)
    }
}
