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
/// with the reason, never a sample. A scenario with moves between lab hosts also decides the
/// feature row "live migration" (`MigrationFeatureLog`), beside `references`' answers.
public struct MigrationKind: ScenarioKind {
    public static let name = "migration"
    public static let keys: Set<String> = WorkloadSpec.keys.union(["megabytes", "strategy", "tcp", "hosts", "references"])
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
    /// Where the container moves: on this host (`one`) or between two lab hosts (`lab`).
    public var hosts: MigrationHosts
    /// Published answers set beside the row "live migration".
    public var references: ReferenceAnswers?

    public init(fields: ScenarioFields) throws {
        workload = try WorkloadSpec(fields: fields)
        megabytes = try fields.count("megabytes", minimum: 0) ?? 16
        strategy = try fields.choice("strategy", as: MigrationStrategy.self) ?? .stopAndCopy
        tcp = try fields.bool("tcp") ?? true
        hosts = try fields.choice("hosts", as: MigrationHosts.self) ?? .one
        references = try ReferenceAnswers.load(fields: fields)
        for key in ["megabytes", "strategy", "hosts"] where fields.sweepParameters.contains(key) && fields.has(key) {
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
    func hosts(at point: [String: String]) -> MigrationHosts {
        point["hosts"].flatMap(MigrationHosts.init(rawValue:)) ?? hosts
    }
    static func key(_ target: String, _ strategy: MigrationStrategy, _ hosts: MigrationHosts) -> String {
        "\(target) \(strategy.rawValue) \(hosts.rawValue)"
    }

    public func run(_ session: ScenarioSession) throws {
        for value in session.scenario.sweep["strategy"] ?? [] where MigrationStrategy(rawValue: value) == nil {
            throw StepFailure(stage: "sweep", "strategy '\(value)' is none of \(MigrationStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for value in session.scenario.sweep["hosts"] ?? [] where MigrationHosts(rawValue: value) == nil {
            throw StepFailure(stage: "sweep", "hosts '\(value)' is none of \(MigrationHosts.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let metrics = MigrationMetrics(targets: session.targets)
        metrics.define(on: session.recorder)
        var unsupported: [String: String] = [:]
        var features = MigrationFeatureLog()
        let places = Set(session.scenario.sweepPoints.map { (strategy(at: $0), hosts(at: $0)) }.map { "\($0.0.rawValue)|\($0.1.rawValue)" })
        for target in session.targets {
            guard let migrating = target as? any MigratingTarget else { continue }
            for place in places.sorted() {
                let parts = place.split(separator: "|").map(String.init)
                guard let strategy = MigrationStrategy(rawValue: parts[0]), let hosts = MigrationHosts(rawValue: parts[1]) else { continue }
                guard let reason = Self.support(of: migrating, strategy, hosts) else { continue }
                unsupported[Self.key(target.name, strategy, hosts)] = reason
                features.refused(target.name, hosts: hosts, strategy: strategy, reason: reason)
                session.recorder.note(target: target.name, .skipped, "\(strategy.rawValue)\(hosts == .lab ? " between lab hosts" : ""): \(reason)")
            }
            if tcp && !migrating.keepsTCPConnections {
                session.recorder.note(target: target.name, .info,
                                      "its checkpoint has no --tcp-established: no TCP connection is held across its migrations")
            }
        }
        let labStrategies = Set(session.scenario.sweepPoints.filter { hosts(at: $0) == .lab }.map { strategy(at: $0) })
        let wantsLab = session.targets.contains { target in
            target is any LabMigratingTarget && labStrategies.contains { unsupported[Self.key(target.name, $0, .lab)] == nil }
        }
        if wantsLab { session.progress.note("\(session.scenario.name): starting three lab hosts (source, destination, client)") }
        var labHosts: MigrationLabHosts?
        var labFailure: String?
        if wantsLab {
            do { labHosts = try MigrationLabHosts.up() } catch { labFailure = "\(error)" }
        }
        defer { for failure in labHosts?.down() ?? [] { session.recorder.note(target: nil, .warning, "lab down: \(failure)") } }
        var rows: [[ResultValue]] = []
        var cells = MigrationCellTable()
        session.runPlan(includes: { step, target in
            unsupported[Self.key(target.name, strategy(at: step.point), hosts(at: step.point))] == nil
        }, work: { step, target in
            guard let migrating = target as? any MigratingTarget else {
                throw StepFailure(stage: "prepare", "\(target.name) does not migrate containers")
            }
            let size = megabytes(at: step.point), strategy = strategy(at: step.point)
            let container = workload.workload(at: step.point, extra: ["port": String(Self.port), "megabytes": String(size)],
                                              probe: session.probe)
            let keepTCP = tcp && migrating.keepsTCPConnections
            guard hosts(at: step.point) == .lab else {
                let prepared = try migrating.prepareMigratable(container, id: session.containerID(), network: Self.network)
                return StepWork(run: { try Self.migrateOnce(MigrationPlaceOnHost(target: migrating), prepared, strategy: strategy, tcp: keepTCP) },
                                abort: { target.cleanup(prepared) }, cleanup: { target.cleanup(prepared) })
            }
            guard let lab = labHosts?.lab, let labTarget = migrating as? any LabMigratingTarget else {
                throw StepFailure(stage: "lab up", labFailure ?? "no lab hosts for \(target.name)")
            }
            let prepared = try labTarget.prepareOnLab(container, id: session.containerID(), lab: lab)
            return StepWork(run: { try Self.migrateOnce(MigrationPlaceOnLab(target: labTarget, lab: lab), prepared, strategy: strategy, tcp: keepTCP) },
                            abort: { labTarget.cleanupOnLab(prepared, lab: lab) }, cleanup: { labTarget.cleanupOnLab(prepared, lab: lab) })
        }, record: { sample, step, target in
            metrics.record(sample, target: target.name, point: step.point, on: session.recorder)
            let cell = MigrationCellTable.Cell(target: target.name, strategy: strategy(at: step.point), hosts: hosts(at: step.point),
                                               megabytes: megabytes(at: step.point))
            rows.append(sample.row(target: cell.target, strategy: cell.strategy, hosts: cell.hosts, megabytes: cell.megabytes))
            cells.add(sample, to: cell)
            features.migrated(cell, sample)
        })
        if session.scenario.sweepPoints.contains(where: { hosts(at: $0) == .lab }) { recordFeatureRow(session, &features) }
        session.recorder.table("migration-cells", title: "Downtime and its steps per cell", columns: MigrationCellTable.columns,
                               rows: cells.rows, note: MigrationCellTable.note)
        session.recorder.table("migrations", title: "Every migration", columns: MigrationSample.columns, rows: rows,
                               note: MigrationSample.tableNote)
    }

    /// The row "live migration" from what the moves showed, for every target of the scenario.
    private func recordFeatureRow(_ session: ScenarioSession, _ features: inout MigrationFeatureLog) {
        let feature = MigrationFeatureLog.feature
        session.recorder.define(references?.definition(feature, fallbackGroup: "migration") ?? FeatureDefinition(name: feature, group: "migration"))
        for (target, reason) in session.unmet.sorted(by: { $0.key < $1.key }) {
            session.recorder.feature(FeatureResult(feature: feature, target: target, outcome: .notSupported,
                                                   evidence: "\(target) takes no part in the migration kind: \(reason)", detail: reason))
        }
        for target in session.targets {
            for failure in session.recorder.failures(of: target.name) where !failure.warmup {
                features.failed(target.name, hosts: hosts(at: failure.parameters), strategy: strategy(at: failure.parameters),
                                stage: failure.stage, error: failure.error)
            }
            let moved = features.targets[target.name]?.moved.isEmpty == false
            let coverage = moved ? (target as? any LabMigratingTarget)?.labMigrationCoverage : (target as? any MigratingTarget)?.migrationCoverage
            if let cell = features.feature(target.name, coverage: coverage) { session.recorder.feature(cell) }
        }
    }

    /// nil when `target` migrates with `strategy` between `hosts`, else why not.
    static func support(of target: any MigratingTarget, _ strategy: MigrationStrategy, _ hosts: MigrationHosts) -> String? {
        guard hosts == .lab else { return target.migrationSupport(strategy) }
        guard let lab = target as? any LabMigratingTarget else {
            return "\(target.name) checkpoints and restores on one host with its own commands; it has no move to another host"
        }
        return lab.labMigrationSupport(strategy)
    }

    /// One migration of a fresh container, with the client running across it.
    static func migrateOnce(_ place: some MigrationPlace, _ prepared: PreparedContainer, strategy: MigrationStrategy,
                            tcp: Bool) throws -> MigrationSample {
        _ = try place.start(prepared)
        let address = place.address, namespace = place.clientNamespace
        let client = try DowntimeClient(address: address, port: port, namespace: namespace)
        guard client.waitForService(seconds: 120) else {
            throw StepFailure(stage: "serve", "the service never answered on \(address):\(port)")
        }
        guard let before = try ServiceStateCheck.memorySum(address: address, port: port, namespace: namespace) else {
            throw StepFailure(stage: "serve", "the service did not report its memory checksum")
        }
        let connection = tcp ? try ServiceStateCheck.Connection(address: address, port: port, namespace: namespace) : nil
        client.begin()
        var trace: DowntimeTrace?
        defer { if trace == nil { _ = client.stop() } }
        usleep(200_000)
        let run = try place.migrate(prepared, strategy: strategy, tcpEstablished: tcp)
        let moved = run.phases.last?.end ?? MonotonicClock.now()
        let deadline = moved + UInt64(settleSeconds * 1e9)
        while !client.hasAnswered(after: moved) && MonotonicClock.now() < deadline { usleep(10_000) }
        usleep(200_000)
        let seen = client.stop()
        trace = seen
        guard seen.answered(after: moved), let gap = seen.longestGap else {
            throw StepFailure(stage: "downtime", "the service did not answer within \(Int(settleSeconds)) s after the migration")
        }
        let after = try ServiceStateCheck.memorySum(address: address, port: port, namespace: namespace)
        let tcpSurvived = connection?.survived()
        var broken: [String] = []
        if let regression = seen.regressionDescription(origin: run.phases.first?.start ?? seen.start) { broken.append(regression) }
        if let after, !(after.intact && after.initial == before.initial) {
            broken.append("memory checksum \(after.now), was \(before.initial)")
        }
        if after == nil { broken.append("no memory checksum after the move") }
        if tcp && tcpSurvived != true { broken.append("the TCP connection did not survive") }
        guard broken.isEmpty else { throw StepFailure(stage: "state check", broken.joined(separator: "; ")) }
        return MigrationSample(downtimeMilliseconds: Double(gap.nanoseconds) / 1e6, run: run, lost: seen.lost,
                               counterBefore: gap.before.counter, counterAfter: gap.after.counter, tcpSurvived: tcpSurvived,
                               gapStart: gap.before.received, gapEnd: gap.after.received)
    }
}
