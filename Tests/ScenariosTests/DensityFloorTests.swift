import NamespaceCore
import Results
import Testing
@testable import Scenarios

/// `kernelFloor: K`: K bare starts with no runtime at each checkpoint, filed per step in the
/// `kernel floor` table and, against the target's own p90, beside its density row; they do not
/// move the ramp's count.
struct DensityFloorTests {
    let harness = DensityKindTests()

    /// A start whose every step takes `step` ms and whose whole is their sum.
    static func start(step: Double) -> KernelFloorStart {
        var steps: [KernelFloorStep: Double] = [:]
        for each in KernelFloorStep.allCases { steps[each] = step }
        return KernelFloorStart(steps: steps, totalMilliseconds: step * Double(KernelFloorStep.allCases.count))
    }

    func flooredKind(_ target: FakeDensityTarget, host: FakeDensityHost, starts: Int = 4, checkpoints: [Int] = [1, 10, 100]) -> DensityKind {
        var kind = harness.kind(target, containers: checkpoints.last ?? 1, checkpoints: checkpoints, host: host)
        kind.kernelFloorStarts = starts
        return kind
    }

    @Test func eachCheckpointGetsItsFloorRowPerStepAndTheCountDoesNotMove() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        // Each step 1 ms plus 0.01 ms per running container.
        host.kernelFloor = { live, count in (0..<count).map { _ in Self.start(step: 1 + Double(live) / 100) } }
        let document = harness.run(flooredKind(target, host: host), target: target)

        #expect(host.floorCalls.all.map(\.before) == [1, 10, 100])
        #expect(host.floorCalls.all.allSatisfy { $0.before == $0.after })
        #expect(harness.row(document, "max containers") == .number(100))
        let table = try #require(document.tables.first { $0.name == "kernel floor" })
        #expect(table.rows.map { $0[1] } == [.number(1), .number(10), .number(100)])
        func cell(_ row: Int, _ column: String) -> ResultValue? { table.columns.firstIndex(of: column).map { table.rows[row][$0] } }
        #expect(cell(2, "starts") == .number(4) && cell(2, "failed") == .number(0))
        #expect(cell(2, "whole p90 ms") == .number(20))
        // mkdir to sysfs: 8 of the 10 steps.
        #expect(cell(2, "start part p50 ms") == .number(16))
        let raw = document.measurements.filter { $0.metric == "kernel-floor" && $0.parameters["containers"] == "100" }
        #expect(raw.flatMap(\.samples).count == 4)
        #expect(document.measurements.contains { $0.metric == "kernel-floor-start" })
        #expect(cell(2, "pivot_root p50 ms") == .number(2) && cell(0, "mount sysfs p90 ms") == .number(1.01))
        #expect(cell(2, "first failure") == .text("–"))
        // The checkpoints' own readings were taken before the floor's starts.
        let checkpoints = try #require(document.tables.first { $0.name == "checkpoints" })
        #expect(checkpoints.rows.map { $0[1] } == [.number(1), .number(10), .number(100)])
        #expect(document.series.contains { $0.name == "kernel floor p90" && $0.points.count == 3 })
    }

    @Test func theDensityRowGivesTheFloorsGrowthAgainstTheGoalsAllowance() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.kernelFloor = { live, count in (0..<count).map { _ in Self.start(step: live > 100 ? 2 : 1) } }
        let document = harness.run(flooredKind(target, host: host, checkpoints: [1, 10, 100, 200]), target: target)

        #expect(harness.row(document, "kernel floor p90 ms at 100") == .number(10))
        #expect(harness.row(document, "kernel floor p90 ms at max") == .number(20))
        #expect(harness.row(document, "kernel floor p90 max / 100") == .number(2))
        #expect(harness.row(document, "kernel floor p90 growth ms") == .number(10))
        #expect(harness.row(document, "kernel floor growth / goal's allowance") != nil)
    }

    @Test func aFailedStartIsCountedAndNamedAndLeftOutOfTheWhole() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.kernelFloor = { _, count in
            [KernelFloorStart(steps: [.cgroupMkdir: 0.5], totalMilliseconds: nil, failure: "mount sysfs: EBUSY")]
                + (1..<count).map { _ in Self.start(step: 1) }
        }
        let document = harness.run(flooredKind(target, host: host, starts: 3), target: target)

        let table = try #require(document.tables.first { $0.name == "kernel floor" })
        func cell(_ column: String) -> ResultValue? { table.columns.firstIndex(of: column).map { table.rows[0][$0] } }
        #expect(cell("failed") == .number(1) && cell("first failure") == .text("mount sysfs: EBUSY"))
        #expect(cell("whole p50 ms") == .number(10))
    }

    @Test func withoutTheKeyNoFloorIsMade() {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.kernelFloor = { _, count in (0..<count).map { _ in Self.start(step: 1) } }
        let document = harness.run(harness.kind(target, host: host), target: target)

        #expect(host.floorCalls.all.isEmpty)
        #expect(!document.tables.contains { $0.name == "kernel floor" })
        #expect(harness.row(document, "kernel floor p90 ms at 100") == nil)
    }

    @Test func theVerdictComparesTheFloorsGrowthWithHalfTheTargetsP90() {
        var hundred = DensityFloorCheckpoint(containers: 100, starts: [Self.start(step: 1)])
        var max = DensityFloorCheckpoint(containers: 10_000, starts: [Self.start(step: 1.5)])
        hundred.total = DensityFloorCheckpoint.Percentiles([10])
        max.total = DensityFloorCheckpoint.Percentiles([18])
        let verdict = DensityFloorVerdict([hundred, max])
        #expect(verdict.ratio == 1.8 && verdict.growth == 8)
        // A target at 14 ms p90 at 100 may grow 7 ms under a 1.5x goal: the floor alone grows 8.
        #expect(verdict.growthShare(ofAllowance: 14).map { ($0 * 1000).rounded() / 1000 } == 1.143)
        #expect(verdict.growthShare(ofAllowance: nil) == nil)
        #expect(DensityFloorVerdict([max]).growth == nil, "no checkpoint at 100")
    }
}
