import Results
import Targets
import Testing
@testable import Scenarios

/// The network kind's keys, its step count and how a target's pairs across hosts decide its
/// cell of "containers on different servers talking".
@Suite struct NetworkKindTests {
    let parser = ScenarioParser(busyboxRootfs: "/fake/busybox", rootfsExists: { $0 == "/fake/busybox" })

    func parse(_ extra: String) throws -> NetworkKind {
        let suite = try parser.parse(text: "name: net\nkind: network\n" + extra, file: "n.yaml", defaultName: "n")
        return try #require(suite.scenarios.first?.kind as? NetworkKind)
    }

    func rejection(_ extra: String) -> ScenarioError? {
        do {
            _ = try parse(extra)
            return nil
        } catch {
            return error as? ScenarioError
        }
    }

    @Test func defaultsAreEveryPlacementTenThousandRoundTripsAndFiveSeconds() throws {
        let kind = try parse("")
        #expect(kind.placements == [.bare, .bridge, .overlay, .routed])
        #expect(kind.rootfs == "/fake/busybox")
        #expect((kind.roundTrips, kind.roundTripSeconds, kind.messageBytes, kind.throughputSeconds) == (10_000, 30, 64, 5))
        let chosen = try parse("placements: [overlay, bare]\nround-trips: 100\nthroughput-seconds: 1")
        #expect(chosen.placements == [.overlay, .bare] && chosen.roundTrips == 100 && chosen.throughputSeconds == 1)
    }

    @Test func badValuesNameTheirKey() throws {
        let placement = try #require(rejection("placements: [bridge, moon]"))
        #expect(placement.key == "placements" && placement.message.contains("bare, bridge, overlay, routed"))
        #expect(rejection("round-trips: 0")?.key == "round-trips")
        #expect(rejection("rootfs: relative/path")?.key == "rootfs")
        #expect(rejection("sweep:\n  size: [1, 2]")?.message.contains("no sweep") == true)
    }

    /// A placement of a target: one placing step and three per round; the baseline none.
    @Test func plannedStepsCountPlacingAndMeasuring() throws {
        let kind = try parse("placements: [bare, bridge, overlay]")
        let scenario = Scenario(name: "net", kind: kind, warmup: 1, iterations: 2)
        #expect(kind.plannedSteps(scenario, targets: 3) == 9 + 2 * 3 * (9 + 1))
    }

    @Test func crossHostCellsAreSupportedFailedOrNotSupportedWithEvidence() throws {
        var log = NetworkLog()
        log.crossHost["cbench-app"] = .init(reached: ["overlay: a on lab1 to b on lab2 (10.78.0.126): 10000 of 10000 TCP round trips answered"])
        log.crossHost["lxc"] = .init(failures: ["routed: lxc-start pair-1-server: exit 1"])
        log.crossHost["docker"] = .init(refusals: [("not supported without swarm: Docker's overlay driver needs a swarm manager", "docker network create --driver overlay x",
                                                    "Error response from daemon: This node is not a swarm manager.")])
        let app = try #require(log.feature("cbench-app"))
        #expect(app.outcome == .supported && app.feature == NetworkKind.feature && app.evidence.contains("10000 of 10000"))
        #expect(log.feature("lxc")?.outcome == .failed)
        let docker = try #require(log.feature("docker"))
        #expect(docker.outcome == .notSupported && docker.detail?.hasPrefix("not supported without swarm") == true)
        #expect(docker.command == "docker network create --driver overlay x" && docker.evidence.contains("not a swarm manager"))
        #expect(log.feature("crun") == nil, "a target that tried nothing across hosts has no cell")
    }

    /// Unanswered round trips are counted in the table, never dropped.
    @Test func roundTripRowsCountTheUnanswered() {
        var log = NetworkLog()
        let result = PingPongResult(protocol: "udp", host: "10.78.0.126", port: 7102, size: 64, requested: 10, completed: 8, failed: 1,
                                    rttNanoseconds: [10_000, 20_000, -1, 30_000, 40_000, 50_000, 60_000, 70_000])
        log.roundTrip("lxc", .overlay, iteration: 0, result)
        #expect(log.roundTrips.first?[4...6] == [.number(10), .number(7), .number(3)])
    }
}
