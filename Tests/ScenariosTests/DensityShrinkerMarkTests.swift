import NamespaceCore
import Results
import Testing
@testable import Scenarios

/// `shrinkerMark: prime`: a sample container of each target counted, one burst of superblocks
/// for the largest ramp before the first one, filed in its own table, beside each target's
/// row and in the host skew table.
struct DensityShrinkerMarkTests {
    let harness = DensityKindTests()

    func primedKind(_ target: FakeDensityTarget, host: FakeDensityHost) -> DensityKind {
        var kind = harness.kind(target, host: host)
        kind.shrinkerMark = .prime
        return kind
    }

    @Test func oneBurstForTheCountTimesTheSampleSuperblocksComesBeforeTheRamp() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.superblocksPerContainer = 8
        host.mountedSuperblocks = 100
        host.skew = DensitySkewTests.skew
        let document = harness.run(primedKind(target, host: host), target: target)

        // 20 containers of 8 superblocks, with 256 to spare.
        #expect(host.bursts.all == [416])
        let table = try #require(document.tables.first { $0.name == "shrinker mark" })
        func cell(_ column: String) -> ResultValue? { table.columns.firstIndex(of: column).map { table.rows.first?[$0] } ?? nil }
        #expect(cell("superblocks per container") == .text("fake 8"))
        #expect(cell("superblocks made") == .number(416))
        #expect(cell("mark at least (ids)") == .number(516))
        #expect(cell("seconds") == .number(0.5))
        // The fake's empty cgroup reads 500 kB with no container running: above the 416 ids' 7 kB map.
        #expect(cell("check")?.description.hasPrefix("ok") == true)
        #expect(harness.row(document, "shrinker mark primed")?.description.hasPrefix("416 superblocks in 0.5 s, ok") == true)
        // The sample was removed again, and the ramp still reached its count.
        #expect(harness.row(document, "max containers") == .number(20))
        #expect(target.live == 0)
        let skew = try #require(document.tables.first { $0.name == "host skew" })
        #expect(skew.rows.map { $0[1] } == [.text("before priming"), .text("after priming"), .text("ramp start"), .text("ramp end")])
        #expect(skew.rows.first?.first == .text("all targets"))
    }

    @Test func aSampleThatCannotBeCountedIsGivenCrunsNineAndSaidSo() throws {
        let target = FakeDensityTarget()
        let host = FakeDensityHost(target: target)
        let document = harness.run(primedKind(target, host: host), target: target)

        #expect(host.bursts.all == [20 * 9 + 256])
        let table = try #require(document.tables.first { $0.name == "shrinker mark" })
        #expect(table.rows.first?.first?.description.contains("fake 9 (assumed: not counted)") == true)
        // No empty cgroup could be read afterwards: not checked, and said so.
        let check = try #require(table.columns.firstIndex(of: "check"))
        #expect(table.rows.first?[check].description.hasPrefix("not checked") == true)
    }

    @Test func aBurstCutShortIsRecordedWithWhatStoppedIt() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.superblocksPerContainer = 7
        host.burstLimit = 300
        let document = harness.run(primedKind(target, host: host), target: target)

        #expect(harness.row(document, "shrinker mark primed")?.description.contains("300 superblocks") == true)
        #expect(harness.row(document, "shrinker mark primed")?.description.contains("stopped at fsopen: EMFILE") == true)
    }

    @Test func withoutTheKeyNothingIsPrimed() {
        let target = FakeDensityTarget()
        let host = FakeDensityHost(target: target)
        let document = harness.run(harness.kind(target, host: host), target: target)
        #expect(host.bursts.all.isEmpty)
        #expect(!document.tables.contains { $0.name == "shrinker mark" })
        #expect(harness.row(document, "shrinker mark primed") == .text("not primed"))
    }
}
