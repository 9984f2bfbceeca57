import Checkpoints
import NamespaceCore

/// The steps of `cbench app migrate`, each a seam (the real ones: `AppMigrationToHost`), in the
/// order `AppMigration.run` takes them.
public protocol AppMigrationSteps {
    /// Opens the destination's import before the freeze, so that ssh's handshake and the
    /// remote cbench's start stay outside the frozen window.
    func connect() throws
    /// Checkpoints the container here, its images kept with it (a failed checkpoint leaves it
    /// running); CRIU's frozen time in milliseconds when its statistics give it.
    func dump() throws -> Double?
    /// Streams the checkpoint and the container's changed files into the destination's import;
    /// the bytes sent.
    func transfer() throws -> UInt64
    /// Waits until the destination has imported and restored it; CRIU's restore time there in
    /// milliseconds when its statistics give it.
    func restore() throws -> Double?
    /// Ends the destination's import and removes what it made of the container there. nil
    /// when nothing is left there, else what is.
    func discardDestination() -> String?
    /// Restores the container here from the checkpoint it kept.
    func restoreSource() throws
    /// Removes the checkpointed container here.
    func removeSource() throws
}

/// What a move did.
public struct AppMigrationReport: Sendable, Equatable {
    public var phases: [MigrationPhase]
    public var bytesMoved: UInt64
    /// CRIU's frozen time of the dump plus its restore time there, as runc's and the system
    /// mode's moves report it.
    public var frozenMilliseconds: Double?
    /// The container runs on the destination, but its checkpointed copy here could not be
    /// removed: why.
    public var sourceLeft: String?
}

/// Stop-and-copy between hosts, as `lxc move` of a running container: connect, dump, transfer,
/// restore there, and only then the source goes. A failure after the dump removes what the
/// destination made and restores the source here from its kept checkpoint; the failure says
/// where the container stands.
public enum AppMigration {
    public static let phaseNames = ["connect", "dump", "transfer", "restore", "finish source"]

    public static func run(_ steps: some AppMigrationSteps, name: String,
                           clock: () -> UInt64 = MonotonicClock.now) throws(AppMigrationFailure) -> AppMigrationReport {
        var phases: [MigrationPhase] = []
        func step<Result>(_ index: Int, _ body: () throws -> Result) throws -> Result {
            let start = clock()
            let result = try body()
            phases.append(MigrationPhase(name: phaseNames[index], start: start, end: clock()))
            return result
        }
        let frozen: Double?
        do {
            try step(0) { try steps.connect() }
            frozen = try step(1) { try steps.dump() }
        } catch {
            // Nothing was stopped: the checkpoint leaves the container running when it fails.
            throw AppMigrationFailure(name: name, stage: phaseNames[phases.count], cause: "\(error)", source: .running,
                                      destinationLeft: steps.discardDestination())
        }
        let bytes: UInt64
        let restored: Double?
        do {
            bytes = try step(2) { try steps.transfer() }
            restored = try step(3) { try steps.restore() }
        } catch {
            let stage = phaseNames[phases.count]
            let left = steps.discardDestination()
            let source: AppMigrationFailure.Source
            do {
                try steps.restoreSource()
                source = .restored
            } catch let restoreError {
                source = .checkpointed(because: "\(restoreError)")
            }
            throw AppMigrationFailure(name: name, stage: stage, cause: "\(error)", source: source, destinationLeft: left)
        }
        var sourceLeft: String?
        do { try step(4) { try steps.removeSource() } } catch { sourceLeft = "\(error)" }
        return AppMigrationReport(phases: phases, bytesMoved: bytes, frozenMilliseconds: frozen.map { $0 + (restored ?? 0) },
                                  sourceLeft: sourceLeft)
    }
}
