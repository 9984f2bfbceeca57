import NamespaceCore
import Results
import Testing
@testable import Scenarios

/// The host's skew (kdamonds, memory cgroups, an empty memory cgroup's cost) read at each
/// ramp's start and end and filed beside the density table.
struct DensitySkewTests {
    let harness = DensityKindTests()

    static let skew = HostMemorySkew(
        kdamonds: [DamonKdamond(index: 0, state: "on", pid: 83, contexts: [.init(operations: "paddr", actions: ["pageout"])], cpuSeconds: 10)],
        memoryCgroups: MemoryCgroupCensus(kernelCount: 300, liveDirectories: 100), emptyMemoryCgroupBytes: 512_000)

    @Test func eachRampRecordsTheSkewAtItsStartAndEnd() throws {
        let target = FakeDensityTarget()
        var host = FakeDensityHost(target: target)
        host.skew = Self.skew
        let document = harness.run(harness.kind(target, host: host), target: target)

        #expect(harness.row(document, "empty memory cgroup kB at start") == .number(500))
        // 20 containers ran at the end: 20,000 bytes more.
        #expect(harness.row(document, "empty memory cgroup kB at end")?.number.map { abs($0 - 532_000 / 1024) < 1e-9 } == true)
        #expect(harness.row(document, "kdamond CPU s during ramp") == .number(20))
        let table = try #require(document.tables.first { $0.name == "host skew" })
        #expect(table.rows.map { $0[1] } == [.text("ramp start"), .text("ramp end")])
        #expect(table.rows.map { $0[2] } == [.number(0), .number(20)])
        let removed = try #require(table.columns.firstIndex(of: "removed memory cgroups not freed"))
        #expect(table.rows.allSatisfy { $0[removed] == .number(200) })
        let running = try #require(table.columns.firstIndex(of: "DAMON kdamonds running"))
        #expect(table.rows.first?[running] == .text("kdamond 0 on (pid 83, 10.0 s CPU): paddr pageout"))
    }

    @Test func aHostThatDoesNotTellLeavesTheColumnsEmptyAndNoTable() {
        let target = FakeDensityTarget()
        let document = harness.run(harness.kind(target), target: target)
        #expect(harness.row(document, "empty memory cgroup kB at start") == .text("–"))
        #expect(harness.row(document, "kdamond CPU s during ramp") == .text("–"))
        #expect(!document.tables.contains { $0.name == "host skew" })
    }
}
