import Checkpoints
import Foundation
import Results
import Targets

/// What a migration scenario that moves containers between lab hosts showed per target, for
/// the article's feature row "live migration": a running container moved to another lab host
/// with its state intact (counter, memory checksum, TCP connection; the client on a third host)
/// decides it. A target whose own commands only checkpoint and restore on one host is partial,
/// with that evidence; a move that failed is a failed cell; a target that cannot checkpoint at
/// all is not supported, with its reason.
struct MigrationFeatureLog {
    static let feature = "live migration"

    struct Evidence {
        var moved: [String] = []
        var restoredOnOneHost: [String] = []
        var failedMoves: [String] = []
        var failedOnOneHost: [String] = []
        /// What the target said it cannot do: evidence lines, and the first reason per place.
        var refusals: [String] = []
        var reasons: [MigrationHosts: String] = [:]
    }

    private(set) var targets: [String: Evidence] = [:]

    /// One migration that passed its state check.
    mutating func migrated(_ cell: MigrationCellTable.Cell, _ sample: MigrationSample) {
        let counter = "counter \(sample.counterBefore) → \(sample.counterAfter)"
        let tcp = sample.tcpSurvived == true ? "; its TCP connection survived" : ""
        let line = "\(Self.place(cell.hosts)) (\(cell.strategy.rawValue), \(cell.megabytes) MB touched): client-seen downtime "
            + String(format: "%.0f ms", sample.downtimeMilliseconds) + "; \(counter); memory checksum intact\(tcp)"
        if cell.hosts == .lab { targets[cell.target, default: Evidence()].moved.append(line) }
        else { targets[cell.target, default: Evidence()].restoredOnOneHost.append(line) }
    }

    /// One migration that failed (at `stage`, with `error`).
    mutating func failed(_ target: String, hosts: MigrationHosts, strategy: MigrationStrategy, stage: String, error: String) {
        let line = "\(Self.place(hosts)) (\(strategy.rawValue)) failed at \(stage): \(error.split(separator: "\n").first ?? "")"
        if hosts == .lab { targets[target, default: Evidence()].failedMoves.append(line) }
        else { targets[target, default: Evidence()].failedOnOneHost.append(line) }
    }

    /// A cell the target said it cannot do, and why.
    mutating func refused(_ target: String, hosts: MigrationHosts, strategy: MigrationStrategy, reason: String) {
        targets[target, default: Evidence()].refusals.append("\(Self.place(hosts)) (\(strategy.rawValue)): not done: \(reason)")
        if targets[target]?.reasons[hosts] == nil { targets[target]?.reasons[hosts] = reason }
    }

    static func place(_ hosts: MigrationHosts) -> String {
        hosts == .lab ? "moved from one lab host to another" : "checkpoint and restore on one host"
    }

    /// The cell of `target`; nil when nothing was tried or refused for it. `coverage`: what its
    /// moves cover, as the target says.
    func feature(_ target: String, coverage: String?) -> FeatureResult? {
        guard let seen = targets[target] else { return nil }
        let lines = seen.moved + seen.failedMoves + seen.restoredOnOneHost + seen.failedOnOneHost + seen.refusals
        let evidence = (lines + (coverage.map { ["how: \($0)"] } ?? [])).joined(separator: "\n")
        if !seen.moved.isEmpty {
            return FeatureResult(feature: Self.feature, target: target, outcome: .supported, evidence: evidence,
                                 detail: "a running container moved to another lab host with its state intact")
        }
        if let failure = seen.failedMoves.first {
            return FeatureResult(feature: Self.feature, target: target, outcome: .failed, evidence: evidence, detail: failure)
        }
        if !seen.restoredOnOneHost.isEmpty {
            return FeatureResult(feature: Self.feature, target: target, outcome: .partial, evidence: evidence,
                                 detail: "checkpoint and restore on one host only: " + (seen.reasons[.lab] ?? "no move between lab hosts was tried"))
        }
        if let failure = seen.failedOnOneHost.first {
            return FeatureResult(feature: Self.feature, target: target, outcome: .failed, evidence: evidence, detail: failure)
        }
        // Unable to checkpoint at all (crun without CRIU) says more than "no move across hosts".
        guard let reason = seen.reasons[.one] ?? seen.reasons[.lab] else { return nil }
        return FeatureResult(feature: Self.feature, target: target, outcome: .notSupported, evidence: evidence, detail: reason)
    }
}
