import Foundation
import NamespaceCore
import Targets
import Testing
@testable import Scenarios

/// A host whose readings follow a script, one entry per poll (the last repeats): what the
/// settling wait sees as the kernel frees a teardown's namespaces and cgroups.
final class ScriptedSettlingHost: DensityHost, @unchecked Sendable {
    private let lock = NSLock()
    var memAvailable: [UInt64?]
    var children: [Set<Int32>]
    var cgroups: [Int]
    var sUnreclaim: [UInt64] = [0]
    var memoryCgroups: [Int?] = [nil]
    private var polls = 0
    private(set) var reaps = 0

    init(memAvailable: [UInt64?], children: [Set<Int32>] = [[]], cgroups: [Int] = [0]) {
        self.memAvailable = memAvailable
        self.children = children
        self.cgroups = cgroups
    }

    private func current<T>(_ script: [T]) -> T { script[min(polls, script.count - 1)] }

    /// Each reap starts a new poll: the wait reaps first, then reads.
    func reapExitedHelpers(_ helpers: DensityHelpers) -> Int {
        lock.lock(); defer { lock.unlock() }
        reaps += 1
        polls = reaps - 1
        return 0
    }
    func memAvailableBytes() -> UInt64? { lock.lock(); defer { lock.unlock() }; return current(memAvailable) }
    func childProcesses() -> Set<Int32> { lock.lock(); defer { lock.unlock() }; return current(children) }
    func existingCgroups(_ paths: [String]) -> Int { lock.lock(); defer { lock.unlock() }; return current(cgroups) }
    func processes(named names: Set<String>) -> Set<Int32> { [] }
    func snapshot(helpers: DensityHelpers, excluding: Set<Int32>, cgroups: [String]) -> HostSnapshot {
        var snapshot = HostSnapshot(memAvailable: memAvailableBytes() ?? 0)
        snapshot.sUnreclaim = { lock.lock(); defer { lock.unlock() }; return current(sUnreclaim) }()
        return snapshot
    }
    func memoryCgroupCount() -> Int? { lock.lock(); defer { lock.unlock() }; return current(memoryCgroups) }
    func limits() -> [HostLimit] { [] }
    func inotifyInstances() -> Int? { nil }
}

/// A clock that moves only when the wait pauses.
final class SteppedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var nanoseconds: UInt64 = 1_000_000_000
    private(set) var pauses: [Double] = []
    func now() -> UInt64 { lock.lock(); defer { lock.unlock() }; return nanoseconds }
    func pause(_ seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        pauses.append(seconds)
        nanoseconds += UInt64(seconds * 1e9)
    }
}

struct DensitySettlingTests {
    static let gib: UInt64 = 1 << 30
    let clock = SteppedClock()

    func settling(_ host: ScriptedSettlingHost, bound: Double = 60) -> DensitySettling {
        var settling = DensitySettling(host: host, helpers: DensityHelpers(exited: ["crun"]), boundSeconds: bound)
        settling.clock = clock.now
        settling.pause = clock.pause
        return settling
    }

    func baseline(children: Set<Int32> = [1]) -> DensitySettling.Baseline {
        DensitySettling.Baseline(memAvailable: 20 * Self.gib, noiseBytes: 64 << 20, children: children, helpers: [])
    }

    @Test func aHostAlreadyBackSettlesOnTheFirstReading() {
        let host = ScriptedSettlingHost(memAvailable: [20 * Self.gib - (10 << 20)], children: [[1]])
        let outcome = settling(host).wait(for: baseline(), cgroups: ["cbench/a"], stopped: { false })
        #expect(outcome.settled && !outcome.interrupted)
        #expect(outcome.seconds == 0 && clock.pauses.isEmpty)
        #expect(outcome.unsettled.isEmpty && outcome.leftoverProcesses == 0)
        #expect(host.reaps == 1)
    }

    @Test func itWaitsUntilMemoryProcessesAndCgroupsAreBackAndSaysHowLong() {
        let host = ScriptedSettlingHost(memAvailable: [18 * Self.gib, 19 * Self.gib, 20 * Self.gib],
                                        children: [[1, 500, 501], [1, 500], [1]], cgroups: [3, 1, 0])
        let outcome = settling(host).wait(for: baseline(), cgroups: ["cbench/a", "cbench/b", "cbench/c"], stopped: { false })
        #expect(outcome.settled)
        #expect(clock.pauses == [0.25, 0.25])
        #expect(outcome.seconds == 0.5)
        #expect(outcome.memAvailable == 20 * Self.gib)
        // Exited helpers are reaped before every reading, so a zombie does not count as left.
        #expect(host.reaps == 3)
    }

    @Test func aWaitThatTimesOutIsNotSettledAndNamesWhatIsNotBack() {
        let host = ScriptedSettlingHost(memAvailable: [19 * Self.gib], children: [[1, 700, 701]], cgroups: [2])
        let outcome = settling(host, bound: 2).wait(for: baseline(), cgroups: ["cbench/a", "cbench/b"], stopped: { false })
        #expect(!outcome.settled && !outcome.interrupted)
        #expect(outcome.seconds >= 2)
        #expect(outcome.leftoverProcesses == 2 && outcome.leftoverCgroups == 2)
        #expect(outcome.unsettled == ["MemAvailable 1024 MB below the reading before the ramp (noise 64 MB)",
                                      "2 processes of the run remain", "2 container cgroups remain"])
    }

    @Test func memoryTheKernelIsStillFreeingWithNothingLeftIsReportedAsThatNotAsALeftover() throws {
        let host = ScriptedSettlingHost(memAvailable: [17 * Self.gib], cgroups: [3, 0])
        host.sUnreclaim = [1 << 30, 5 << 30]
        host.memoryCgroups = [40, 9_040]
        let base = DensitySettling.Baseline(memAvailable: 20 * Self.gib, noiseBytes: 64 << 20, children: [1], helpers: [],
                                            sUnreclaim: 1 << 30, memoryCgroups: 40)
        let outcome = settling(host, bound: 2).wait(for: base, cgroups: ["cbench/a"], stopped: { false })
        #expect(!outcome.settled && !outcome.interrupted, "not back: not a pass")
        #expect(outcome.leftoverCgroups == 0 && outcome.leftoverProcesses == 0)
        let freeing = try #require(outcome.kernelFreeing)
        #expect(freeing.memAvailableBelowBytes == 3 * Self.gib)
        #expect(freeing.sUnreclaimAboveBytes == 4 << 30)
        #expect(freeing.dyingMemoryCgroups == 9_000)
        #expect(freeing.summary == "no leftovers; the kernel is still freeing: MemAvailable 3072 MB below the reading before the ramp, "
                    + "SUnreclaim +4096 MB, 9000 removed memory cgroups not yet freed")
        #expect(DensityRecording.settled(outcome, bound: 2) == .text("after 2 s: " + freeing.summary))
    }

    @Test func aLeftoverBesideTheMemoryIsStillAFailedCheckNotTheKernels() {
        let host = ScriptedSettlingHost(memAvailable: [17 * Self.gib], cgroups: [1])
        let outcome = settling(host, bound: 1).wait(for: baseline(), cgroups: ["cbench/a"], stopped: { false })
        #expect(!outcome.settled && outcome.kernelFreeing == nil)
        #expect(outcome.leftoverCgroups == 1)
    }

    @Test func anUnreadableMemAvailableIsNotTakenAsBack() {
        let host = ScriptedSettlingHost(memAvailable: [nil])
        let outcome = settling(host, bound: 1).wait(for: baseline(), cgroups: [], stopped: { false })
        #expect(!outcome.settled)
        #expect(outcome.unsettled == ["MemAvailable could not be read from /proc/meminfo"])
    }

    @Test func aSecondStopRequestEndsTheWaitAsInterrupted() {
        let host = ScriptedSettlingHost(memAvailable: [10 * Self.gib])
        let outcome = settling(host).wait(for: baseline(), cgroups: [], stopped: { true })
        #expect(!outcome.settled && outcome.interrupted)
        #expect(clock.pauses.isEmpty)
    }

    @Test func theNoiseIsTwiceTheSpreadOfTheReadingsBeforeTheRampAndAtLeast64MB() {
        #expect(DensitySettling.noise(of: [Self.gib, Self.gib + (1 << 20)]) == 64 << 20)
        #expect(DensitySettling.noise(of: [Self.gib, Self.gib + (100 << 20), Self.gib + (50 << 20)]) == 200 << 20)
        #expect(DensitySettling.noise(of: []) == 64 << 20)
    }

    @Test func theBaselineTakesSpacedReadingsAndKeepsTheLast() {
        let host = ScriptedSettlingHost(memAvailable: [Self.gib])
        let baseline = settling(host).baseline(readings: 3, spacing: 0.1)
        #expect(clock.pauses == [0.1, 0.1])
        #expect(baseline.memAvailable == Self.gib && baseline.noiseBytes == 64 << 20)
    }
}
