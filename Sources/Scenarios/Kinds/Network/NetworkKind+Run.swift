import Foundation
import NamespaceCore
import Results
import Targets

extension NetworkKind {
    /// The subnets of the networks across lab hosts (inside the lab hosts' own namespaces).
    static func subnet(_ placement: NetworkPlacement) -> String {
        placement == .overlay ? "10.78.0.0/24" : "10.79.0.0/24"
    }

    public func run(_ session: ScenarioSession) throws {
        let tools = try NetworkTools.locate()
        if placements.contains(where: { $0.placement?.spansHosts == true }) {
            session.recorder.define(references?.definition(Self.feature, fallbackGroup: "networking")
                                    ?? FeatureDefinition(name: Self.feature, group: "networking"))
            // A target that cannot place containers at all has no answer measured here.
            for (target, reason) in session.unmet.sorted(by: { $0.key < $1.key }) {
                session.recorder.feature(FeatureResult(feature: Self.feature, target: target, outcome: .failed,
                                                       evidence: "\(target) takes no part in the network kind: \(reason)",
                                                       detail: "not measured across lab hosts: \(reason)"))
            }
        }
        // Every tool runs in this cgroup: `cbench cleanup` ends what a crash left.
        let cgroup = try Cgroup.create(path: "cbench/network-\(session.containerID())")
        defer { Self.end(cgroup) }
        if placements.contains(where: \.needsLab) { session.progress.note("\(session.scenario.name): starting two lab hosts") }
        let lab = placements.contains(where: \.needsLab) ? try NetworkLab.up() : nil
        var log = NetworkLog()
        defer {
            log.record(session.recorder)
            for failure in lab?.down() ?? [] { session.recorder.note(target: nil, .warning, "lab down: \(failure)") }
        }
        for choice in placements where !session.stop.isRequested {
            guard let placement = choice.placement else {
                if let lab {
                    let coverage = "no containers: the tools run in two lab hosts' own network namespaces (eth0 of each on the lab bridge)"
                    _ = measure(session, tools: tools, cgroup: cgroup, target: Self.bareTarget, choice: choice, coverage: coverage,
                                client: lab.clientPid, server: lab.serverPid, address: lab.server.underlayAddress ?? "", log: &log)
                    log.pair(Self.bareTarget, choice, client: lab.client.name, server: "\(lab.server.name) (\(lab.server.underlayAddress ?? ""))",
                             what: "the lab bridge (veth pairs to \(lab.client.name) and \(lab.server.name))")
                }
                continue
            }
            for target in session.targets where !session.stop.isRequested {
                guard let placing = target as? any NetworkPlacingTarget else { continue }
                place(session, placing, placement: placement, choice: choice, lab: lab, tools: tools, cgroup: cgroup, log: &log)
            }
        }
        for target in session.targets {
            if let cell = log.feature(target.name) { session.recorder.feature(cell) }
        }
    }

    /// Places the target's pair, measures it, and takes it apart.
    private func place(_ session: ScenarioSession, _ target: any NetworkPlacingTarget, placement: NetworkPlacement, choice: Choice,
                       lab: NetworkLab?, tools: NetworkTools, cgroup: Cgroup, log: inout NetworkLog) {
        if case .notSupported(let reason, let command, let evidence) = target.networkSupport(placement) {
            session.recorder.note(target: target.name, .skipped, "\(placement.rawValue): \(reason)")
            if placement.spansHosts { log.crossHost[target.name, default: .init()].refusals.append((reason, command, evidence)) }
            return
        }
        let request = NetworkPairRequest(placement: placement, client: placement.spansHosts ? lab?.client ?? .local : .local,
                                         server: placement.spansHosts ? lab?.server ?? .local : .local,
                                         id: session.containerID(), rootfs: rootfs, subnet: Self.subnet(placement))
        let step = PlannedStep(target: target.name, point: Self.parameters(choice), iteration: 0, warmup: true)
        let scratch = session.workDirectory
        guard let pair = session.execute(step, target: target, label: "\(session.scenario.name) \(target.name) \(choice.rawValue): place the pair",
                                         work: { StepWork(run: { try target.placePair(request, scratch: scratch) }) }) else {
            if placement.spansHosts {
                let failure = session.recorder.failures(of: target.name).last.map(\.error) ?? "placing the pair failed"
                log.crossHost[target.name, default: .init()].failures.append("\(placement.rawValue): \(failure)")
            }
            return
        }
        defer { pair.remove() }
        let route = "\(pair.client.container) on \(pair.client.site) to \(pair.server.container) on \(pair.server.site) (\(pair.server.address))"
        log.pair(target.name, choice, client: "\(pair.client.container) on \(pair.client.site)",
                 server: "\(pair.server.container) on \(pair.server.site) (\(pair.server.address))", what: pair.description)
        let reached = measure(session, tools: tools, cgroup: cgroup, target: target.name, choice: choice, coverage: pair.description,
                              client: pair.client.pid, server: pair.server.pid, address: pair.server.address, log: &log)
        guard placement.spansHosts else { return }
        if let reached {
            log.crossHost[target.name, default: .init()].reached.append(
                "\(placement.rawValue): \(route) (\(pair.description)): \(reached.completed - reached.failed) of \(reached.requested) TCP round trips answered")
        } else {
            let failure = session.recorder.failures(of: target.name).last.map(\.error) ?? "no round trip answered"
            log.crossHost[target.name, default: .init()].failures.append("\(placement.rawValue): \(route): \(failure)")
        }
    }

    /// Warm-ups then iterations of TCP round trips, UDP round trips and throughput, each a
    /// step; samples of the iterations only. Returns a TCP result that got answers, if any.
    private func measure(_ session: ScenarioSession, tools: NetworkTools, cgroup: Cgroup, target: String, choice: Choice, coverage: String,
                         client: Int32, server: Int32, address: String, log: inout NetworkLog) -> PingPongResult? {
        let definitions = metricDefinitions(coverage: [target: coverage])
        definitions.forEach(session.recorder.define)
        let parameters = Self.parameters(choice)
        var answered: PingPongResult?
        let rounds = (0..<session.scenario.warmup).map { ($0, true) } + (0..<session.scenario.iterations).map { ($0, false) }
        for (iteration, warmup) in rounds where !session.stop.isRequested {
            let step = PlannedStep(target: target, point: parameters, iteration: iteration, warmup: warmup)
            let label = "\(session.scenario.name) \(target) \(choice.rawValue) " + (warmup ? "warm-up" : "iteration") + " \(iteration + 1)"
            for udp in [false, true] {
                let round = NetworkRound(tools: tools, cgroup: cgroup, directory: session.workDirectory)
                let (count, seconds, bytes) = (roundTrips, roundTripSeconds, messageBytes)
                guard let result = session.execute(step, targetName: target, label: label + (udp ? " udp" : " tcp"), work: {
                    StepWork(run: { try round.roundTrips(udp: udp, client: client, server: server, address: address, count: count,
                                                         seconds: seconds, bytes: bytes) },
                             abort: { round.abort() }, cleanup: { round.abort() })
                }) else { continue }
                if !udp && answered == nil { answered = result }
                guard !warmup else { continue }
                log.roundTrip(target, choice, iteration: iteration, result)
                for value in result.successfulMicroseconds {
                    session.recorder.sample(definitions[udp ? 1 : 0], target: target, parameters: parameters, value: value)
                }
                if result.unansweredCount > 0 {
                    session.recorder.note(target: target, .warning,
                                          "\(choice.rawValue): \(result.unansweredCount) of \(result.requested) \(result.protocol) round trips unanswered (iteration \(iteration + 1))")
                }
            }
            let round = NetworkRound(tools: tools, cgroup: cgroup, directory: session.workDirectory)
            let seconds = throughputSeconds
            guard let result = session.execute(step, targetName: target, label: label + " throughput", work: {
                StepWork(run: { try round.throughput(client: client, server: server, address: address, seconds: seconds) },
                         abort: { round.abort() }, cleanup: { round.abort() })
            }), !warmup else { continue }
            log.throughput(target, choice, iteration: iteration, result)
            session.recorder.sample(definitions[2], target: target, parameters: parameters, value: result.receivedGigabitsPerSecond)
        }
        return answered
    }

    func metricDefinitions(coverage: [String: String]) -> [MetricDefinition] {
        [
            MetricDefinition(name: Self.tcpMetric, unit: "µs", better: .lower,
                             description: "TCP round trip of a \(messageBytes)-byte message, client container to server container (cbench-pingpong, TCP_NODELAY, \(roundTrips) per run, at most \(roundTripSeconds) s)",
                             coverage: coverage),
            MetricDefinition(name: Self.udpMetric, unit: "µs", better: .lower,
                             description: "UDP round trip of a \(messageBytes)-byte message (cbench-pingpong, \(roundTrips) per run, at most \(roundTripSeconds) s; unanswered ones are counted in the round-trips table)",
                             coverage: coverage),
            MetricDefinition(name: Self.throughputMetric, unit: "Gbit/s", better: .higher,
                             description: "iperf3 TCP throughput, one stream, \(throughputSeconds) s, as the receiver counted it", coverage: coverage),
        ]
    }

    /// Ends what still runs in the tools' cgroup and removes it.
    static func end(_ cgroup: Cgroup) {
        try? cgroup.killAll(signal: SIGKILL)
        for _ in 0..<100 where !((try? cgroup.pids()) ?? []).isEmpty { usleep(10_000) }
        try? cgroup.remove()
    }
}
