import Checkpoints
import Foundation
import Glibc
import NamespaceCore
import Results
import Targets

/// `kind: migration`: a container with state (the workload: `cbench-probe --serve {port}
/// --touch {megabytes}` keeps a counter, M MB of memory it filled and checksummed, and a UDP
/// and TCP echo) moves while a client on the host sends it a datagram every millisecond. The
/// downtime is the longest gap between replies the client saw. Sweep `megabytes` and
/// `strategy` (stop-and-copy, post-copy, pre-copy); a strategy this host cannot do is a note
/// with the reason, never a sample.
public struct MigrationKind: ScenarioKind {
    public static let name = "migration"
    public static let keys: Set<String> = WorkloadSpec.keys.union(["megabytes", "strategy", "tcp"])
    /// The service's port and the network the container keeps wherever it runs.
    static let port: UInt16 = 7100
    static let network = MigrationNetwork(bridge: "cbenchmig0", address: "10.213.0.2/24")
    /// How long the client keeps sending after the migration, for the replies to come back.
    static let settleSeconds = 5.0

    public var workload: WorkloadSpec
    public var megabytes: Int
    public var strategy: MigrationStrategy
    /// Keep a TCP connection open across the move (`--tcp-established`) and check it survived.
    public var tcp: Bool

    public init(fields: ScenarioFields) throws {
        workload = try WorkloadSpec(fields: fields)
        megabytes = try fields.count("megabytes", minimum: 0) ?? 16
        strategy = try fields.choice("strategy", as: MigrationStrategy.self) ?? .stopAndCopy
        tcp = try fields.bool("tcp") ?? true
        for key in ["megabytes", "strategy"] where fields.sweepParameters.contains(key) && fields.has(key) {
            throw fields.error(key, "give \(key) either here or as a sweep parameter, not both")
        }
    }

    public var requirement: TargetRequirement {
        .capability((any MigratingTarget).self, "live migration (MigratingTarget)") { target in
            (target as? any MigratingTarget)?.migrationSupport(.stopAndCopy)
        }
    }

    func megabytes(at point: [String: String]) -> Int { point["megabytes"].flatMap { Int($0) } ?? megabytes }
    func strategy(at point: [String: String]) -> MigrationStrategy {
        point["strategy"].flatMap(MigrationStrategy.init(rawValue:)) ?? strategy
    }

    public func run(_ session: ScenarioSession) throws {
        for value in session.scenario.sweep["strategy"] ?? [] where MigrationStrategy(rawValue: value) == nil {
            throw StepFailure(stage: "sweep", "strategy '\(value)' is none of \(MigrationStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let metrics = MigrationMetrics(targets: session.targets)
        metrics.define(on: session.recorder)
        var unsupported: [String: String] = [:]
        for target in session.targets {
            guard let migrating = target as? any MigratingTarget else { continue }
            for strategy in Set(session.scenario.sweepPoints.map { self.strategy(at: $0) }) {
                guard let reason = migrating.migrationSupport(strategy) else { continue }
                unsupported["\(target.name) \(strategy.rawValue)"] = reason
                session.recorder.note(target: target.name, .skipped, "\(strategy.rawValue): \(reason)")
            }
            if tcp && !migrating.keepsTCPConnections {
                session.recorder.note(target: target.name, .info,
                                      "its checkpoint has no --tcp-established: no TCP connection is held across its migrations")
            }
        }
        var rows: [[ResultValue]] = []
        session.runPlan(includes: { step, target in unsupported["\(target.name) \(strategy(at: step.point).rawValue)"] == nil },
                        work: { step, target in
            guard let migrating = target as? any MigratingTarget else {
                throw StepFailure(stage: "prepare", "\(target.name) does not migrate containers")
            }
            let size = megabytes(at: step.point), strategy = strategy(at: step.point)
            let container = workload.workload(at: step.point, extra: ["port": String(Self.port), "megabytes": String(size)],
                                              probe: session.probe)
            let prepared = try migrating.prepareMigratable(container, id: session.containerID(), network: Self.network)
            let keepTCP = tcp && migrating.keepsTCPConnections
            return StepWork(run: { try Self.migrateOnce(migrating, prepared, strategy: strategy, tcp: keepTCP) },
                            abort: { target.cleanup(prepared) }, cleanup: { target.cleanup(prepared) })
        }, record: { sample, step, target in
            metrics.record(sample, target: target.name, point: step.point, on: session.recorder)
            rows.append(sample.row(target: target.name, strategy: strategy(at: step.point), megabytes: megabytes(at: step.point)))
        })
        session.recorder.table("migrations", title: "Every migration", columns: MigrationSample.columns, rows: rows,
                               note: MigrationSample.tableNote)
    }

    /// One migration of a fresh container, with the client running across it.
    static func migrateOnce(_ target: any MigratingTarget, _ prepared: PreparedContainer, strategy: MigrationStrategy,
                            tcp: Bool) throws -> MigrationSample {
        _ = try target.startMigratable(prepared)
        let address = network.host
        let client = try DowntimeClient(address: address, port: port)
        guard client.waitForService(seconds: 120) else {
            throw StepFailure(stage: "serve", "the service never answered on \(address):\(port)")
        }
        guard let before = try ServiceStateCheck.memorySum(address: address, port: port) else {
            throw StepFailure(stage: "serve", "the service did not report its memory checksum")
        }
        let connection = tcp ? try ServiceStateCheck.Connection(address: address, port: port) : nil
        client.begin()
        var trace: DowntimeTrace?
        defer { if trace == nil { _ = client.stop() } }
        usleep(200_000)
        let run = try target.migrate(prepared, strategy: strategy, tcpEstablished: tcp)
        let moved = run.phases.last?.end ?? MonotonicClock.now()
        let deadline = moved + UInt64(settleSeconds * 1e9)
        while !client.hasAnswered(after: moved) && MonotonicClock.now() < deadline { usleep(10_000) }
        usleep(200_000)
        let seen = client.stop()
        trace = seen
        guard seen.answered(after: moved), let gap = seen.longestGap else {
            throw StepFailure(stage: "downtime", "the service did not answer within \(Int(settleSeconds)) s after the migration")
        }
        let after = try ServiceStateCheck.memorySum(address: address, port: port)
        let tcpSurvived = connection?.survived()
        var broken: [String] = []
        if !seen.counterContinued { broken.append("the counter went back (the service restarted)") }
        if let after, !(after.intact && after.initial == before.initial) {
            broken.append("memory checksum \(after.now), was \(before.initial)")
        }
        if after == nil { broken.append("no memory checksum after the move") }
        if tcp && tcpSurvived != true { broken.append("the TCP connection did not survive") }
        guard broken.isEmpty else { throw StepFailure(stage: "state check", broken.joined(separator: "; ")) }
        return MigrationSample(downtimeMilliseconds: Double(gap.nanoseconds) / 1e6, run: run, lost: seen.lost,
                               counterBefore: gap.before.counter, counterAfter: gap.after.counter, tcpSurvived: tcpSurvived)
    }
}
