import Checkpoints
import NamespaceCore

/// The steps of `cbench app migrate`, each a seam (the real ones: `AppMigrationToHost`),
/// carried out in the order `MigrationMachine` gives (`AppMigrationExecutor`).
public protocol AppMigrationSteps {
    /// Opens the destination's import before the freeze, so that ssh's handshake and the
    /// remote cbench's start stay outside the frozen window (post-copy: and the destination's
    /// connection to the page server's port).
    func connect() throws
    /// Pre-copy's pre-dump `iteration` (from 1): the memory only, while the container runs on,
    /// its pages sent to the destination, building on the pre-dump before it (`parent`, as
    /// `MigrationMachine` names it); the pages it wrote, when its statistics give them (the
    /// move stops iterating once few pages changed). A failed one leaves the container running.
    func preDump(iteration: Int, parent: String?) throws -> UInt64?
    /// Checkpoints the container here (a failed checkpoint leaves it running); CRIU's frozen
    /// time in milliseconds when its statistics give it. Stop-and-copy keeps the images with
    /// the container; `lazy` (post-copy) writes every image but memory and keeps the tree
    /// frozen here, its pages served to the destination. After pre-copy's pre-dumps it holds
    /// only what changed since the last.
    func dump(lazy: Bool) throws -> Double?
    /// After a stop-and-copy dump: its pages went to the destination's page server, so the
    /// tree is held here, frozen with its links down, not checkpointed (a rollback resumes it).
    var holdsSource: Bool { get }
    /// Streams the checkpoint and the container's changed files into the destination's import;
    /// the bytes sent.
    func transfer() throws -> UInt64
    /// Waits until the destination has imported and restored it (post-copy: and every page is
    /// in); CRIU's restore time there in milliseconds when its statistics give it.
    func restore() throws -> Double?
    /// Ends the destination's import and removes what it made of the container there. nil
    /// when nothing is left there, else what is.
    func discardDestination() -> String?
    /// Brings the container back here: restored from the checkpoint it kept, or its frozen
    /// tree running on (post-copy, once the page server is ended; a held stop-and-copy source).
    func restoreSource() throws
    /// Removes the container here (post-copy: once its dump has served every page).
    func removeSource() throws
    /// The parts of the destination's restore, once it is done (`MigrationPhaseName.importing`,
    /// `criuRestore`, `lazyPages`).
    var parts: [Phase] { get }
}

extension AppMigrationSteps {
    public var holdsSource: Bool { false }
}

/// What a move did.
public struct AppMigrationReport: Sendable, Equatable {
    public var strategy: MigrationStrategy
    public var phases: [Phase]
    /// The destination's restore parts (see `AppMigrationSteps.parts`).
    public var parts: [Phase]
    public var bytesMoved: UInt64
    /// CRIU's frozen time of the dump plus its restore time there, as runc's and the system
    /// mode's moves report it.
    public var frozenMilliseconds: Double?
    /// The container runs on the destination, but its copy here could not be removed: why.
    public var sourceLeft: String?
}

/// A move between hosts, as `lxc move` of a running container, in `MigrationMachine`'s order:
/// connect, dump, transfer, restore there, and only then the source goes. A failure after the
/// dump removes what the destination made and brings the source back here (from its kept
/// checkpoint, or its frozen tree resumed); the failure says where the container stands.
public enum AppMigration {
    public static func run(_ steps: some AppMigrationSteps, name: String, strategy: MigrationStrategy = .stopAndCopy,
                           features: MigrationHostFeatures? = nil,
                           clock: @escaping () -> UInt64 = MonotonicClock.now) throws(AppMigrationFailure) -> AppMigrationReport {
        if let reason = unsupportedReason(strategy, features: features) {
            throw AppMigrationFailure(name: name, stage: "strategy \(strategy.rawValue)", cause: reason, source: .running, destinationLeft: nil)
        }
        let connecting = clock()
        do {
            try steps.connect()
        } catch {
            throw AppMigrationFailure(name: name, stage: MigrationPhaseName.connect, cause: "\(error)", source: .running,
                                      destinationLeft: steps.discardDestination())
        }
        let executor = AppMigrationExecutor(steps, clock: clock)
        let connected = Phase(name: MigrationPhaseName.connect, start: connecting, end: executor.began)
        var machine = MigrationMachine(strategy: strategy, imagePath: "")
        let outcome = machine.run(with: executor)
        var report = AppMigrationReport(strategy: strategy, phases: [connected] + executor.phases, parts: steps.parts,
                                        bytesMoved: executor.bytesMoved, frozenMilliseconds: executor.frozenMilliseconds)
        guard case let .failed(stage, reason, source) = outcome else { return report }
        let cause = executor.causes[stage] ?? reason
        if source == .handedOver {
            // The destination runs it: nothing there is undone, what is left here is said.
            report.sourceLeft = cause
            return report
        }
        throw AppMigrationFailure(name: name, stage: stage, cause: cause,
                                  source: executor.sourceAfter(source, rolledBack: machine.history.contains { step in
                                      if case .rollback = step { return true } else { return false }
                                  }),
                                  destinationLeft: executor.destinationLeft)
    }

    /// Why `strategy` cannot move an app container here, or nil: what the host lacks for it
    /// (pre-copy's soft-dirty tracking, post-copy's userfaultfd), as `features` says.
    public static func unsupportedReason(_ strategy: MigrationStrategy, features: MigrationHostFeatures?) -> String? {
        features?.unsupportedReason(strategy)
    }
}
