import Results
import Targets

/// A row of the feature matrix decided by a target's own operations rather than by the probe
/// in one container (`rows:` of a feature scenario): it drives the target (stop and start,
/// clone...) and judges what it saw. One step per target; a thrown error leaves a "failed to
/// measure" cell with the error.
public protocol TargetFeatureRow: Sendable {
    /// The name in `rows:`, e.g. `persistent-root`.
    var key: String { get }
    /// The matrix row it decides.
    var feature: String { get }
    /// Its group when the reference answers do not place it.
    var group: String { get }
    /// The cell of `target`, measured.
    func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult
}

/// What a target row's step has: the busybox root, the scenario's work directory and a
/// fresh container id.
public struct TargetRowContext: Sendable {
    public var busyboxRootfs: String
    public var workDirectory: String
    public var id: String

    public init(busyboxRootfs: String, workDirectory: String, id: String) {
        self.busyboxRootfs = busyboxRootfs
        self.workDirectory = workDirectory
        self.id = id
    }
}

/// The target rows a feature scenario may name in `rows:`.
public enum TargetFeatureRows {
    public static let all: [any TargetFeatureRow] = [
        PersistentRootRow(),
        SnapshotCloneRow(),
        UnprivilegedRootRow(),
        SystemdRow(),
        LayeredImageRow(),
        ImageElsewhereRow(),
    ]

    public static var keys: [String] { all.map(\.key) }

    public static func named(_ key: String) -> (any TargetFeatureRow)? { all.first { $0.key == key } }
}
