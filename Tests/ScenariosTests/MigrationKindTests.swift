import Checkpoints
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
    }
}
