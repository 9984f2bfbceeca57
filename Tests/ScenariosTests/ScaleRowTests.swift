import Foundation
import Results
import Targets
import Testing
@testable import Scenarios

/// "Several containers on one server" from a density ramp: the count reached and two of the
/// containers' namespaces as the host saw them decide the cell.
struct ScaleRowTests {
    static func sighting(pid: Int32, namespace: Int, nested: [Int]? = nil) -> ScaleRow.Sighting {
        var namespaces: [String: String] = [:]
        for type in ScaleRow.namespaces { namespaces[type] = "\(type):[\(namespace)]" }
        return ScaleRow.Sighting(pid: pid, namespaces: namespaces, nestedPids: nested ?? [Int(pid), 1])
    }

    static let isolated = ScaleRow.Isolation.seen(first: 1, sighting(pid: 100, namespace: 4026531000),
                                                  last: 100, sighting(pid: 900, namespace: 4026532000))

    @Test func aHundredRunningInNamespacesOfTheirOwnIsSupported() {
        let cell = ScaleRow.judge(target: "crun", required: 100, reached: 100, stop: "reached the count asked for (100)", isolation: Self.isolated)
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "several containers on one server")
        #expect(cell.evidence.contains("100 of 100 running at once"))
        #expect(cell.evidence.contains("container 100: host pid 900, NSpid 900 1; pid:[4026532000]"))
        #expect(cell.evidence.contains("the two share none of the pid, mnt, net, uts, ipc namespaces"))
    }

    /// The check fails when the isolation is absent: two containers in one network namespace.
    @Test func containersSharingANamespaceArePartial() {
        var last = Self.sighting(pid: 900, namespace: 4026532000)
        last.namespaces["net"] = "net:[4026531000]"
        let cell = ScaleRow.judge(target: "x", required: 100, reached: 100, stop: "reached",
                                  isolation: .seen(first: 1, Self.sighting(pid: 100, namespace: 4026531000), last: 100, last))
        #expect(cell.outcome == .partial)
        #expect(cell.detail?.contains("sharing the net namespaces") == true)
        #expect(cell.evidence.contains("the two share the net namespace"))
    }

    /// The check fails when the containers run in the host's pid namespace (no NSpid nesting).
    @Test func anInitThatIsNotPidOneInsideIsPartial() {
        let cell = ScaleRow.judge(target: "x", required: 100, reached: 100, stop: "reached",
                                  isolation: .seen(first: 1, Self.sighting(pid: 100, namespace: 1, nested: [100]),
                                                   last: 100, Self.sighting(pid: 900, namespace: 2)))
        #expect(cell.outcome == .partial)
        #expect(cell.evidence.contains("container 1: init is not pid 1 of a pid namespace of its own"))
    }

    @Test func aRampThatStopsBelowTheCountIsPartialWithWhatStoppedIt() {
        let cell = ScaleRow.judge(target: "docker", required: 100, reached: 57, stop: "time budget 60 s (at 57 containers)", isolation: Self.isolated)
        #expect(cell.outcome == .partial)
        #expect(cell.detail == "57 of 100 at once, then time budget 60 s (at 57 containers)")
    }

    @Test func aTargetThatStartsNoneFailsToMeasureWithTheError() {
        let cell = ScaleRow.judge(target: "x", required: 100, reached: 0, stop: "first failure: run: exit 1: no rootfs",
                                  isolation: .unseen("fewer than two containers ran at once (0)"))
        #expect(cell.outcome == .failed)
        #expect(cell.detail == "no container started: first failure: run: exit 1: no rootfs")
    }

    @Test func aFullRampWhoseContainersCannotBeSeenFailsToMeasure() {
        let cell = ScaleRow.judge(target: "x", required: 100, reached: 100, stop: "reached", isolation: .unseen("no init pid"))
        #expect(cell.outcome == .failed)
        #expect(cell.evidence.contains("isolation not seen: no init pid"))
    }

    @Test func aSightingReadsNamespaceLinksAndNSpid() {
        let sighting = ScaleRow.Sighting.read(pid: 42, link: { path in
            path.hasPrefix("/proc/42/ns/") ? "\(path.split(separator: "/").last ?? ""):[7]" : nil
        }, status: { _ in "Name:\tsleep\nNSpid:\t42\t1\n" })
        #expect(sighting.namespaces["uts"] == "uts:[7]" && sighting.namespaces.count == 5)
        #expect(sighting.nestedPids == [42, 1])
    }

    /// The density kind gives the cell when it decides the row: a fake target that fails
    /// its 8th start is "partial" with that failure.
    @Test func theDensityKindRecordsTheCellFromItsRamp() throws {
        let tests = DensityKindTests()
        let target = FakeDensityTarget()
        target.failAt = 8
        var kind = tests.kind(target)
        kind.scaleRow = true
        let document = tests.run(kind, target: target)
        let cell = try #require(document.features.first { $0.feature == ScaleRow.feature })
        #expect(cell.outcome == .partial)
        #expect(cell.evidence.contains("7 of 20 running at once"))
        #expect(document.scenarios.flatMap(\.features).first?.group == "scale")
        #expect(target.live == 0)
    }

    @Test func aDensityScenarioNamesTheRow() throws {
        let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { _ in true })
        let kind = try #require(try parser.parse(text: "name: d\nkind: density\nrows: [several-containers]\n", file: "t.yaml", defaultName: "t")
            .scenarios.first?.kind as? DensityKind)
        #expect(kind.scaleRow)
        #expect(throws: ScenarioError.self) { try parser.parse(text: "name: d\nkind: density\nrows: [other]\n", file: "t.yaml", defaultName: "t") }
    }
}
