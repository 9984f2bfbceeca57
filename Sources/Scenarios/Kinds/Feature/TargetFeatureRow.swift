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

/// The cell a row gives a target that lacks the capability (a protocol of `Targets`) the row
/// drives: its outcome, what the target cannot do (the evidence names the target before it
/// and the protocol after it) and the cell's detail.
public struct MissingCapability: Sendable {
    public var outcome: FeatureOutcome
    public var lacks: String
    public var detail: String

    public init(_ outcome: FeatureOutcome, lacks: String, detail: String) {
        self.outcome = outcome
        self.lacks = lacks
        self.detail = detail
    }
}

extension MissingCapability {
    /// A row that reads its container's init from the host needs a `DensityTarget`.
    static func unknownInit(_ detail: String) -> MissingCapability {
        MissingCapability(.failed, lacks: "cannot say which process is its container's init", detail: detail)
    }
}

extension TargetFeatureRow {
    /// The cell of `target` measured through its conformance to `Capability` (an existential
    /// such as `(any ImagingTarget).self`); without it, the cell `missing` describes.
    func measure<Capability>(_ target: any ContainerTarget, as capability: Capability.Type, missing: MissingCapability,
                             _ measure: (Capability) throws -> FeatureResult) rethrows -> FeatureResult {
        guard let capable = target as? Capability else { return lacking(target, capability, missing) }
        return try measure(capable)
    }

    /// The cell of a target without `capability`.
    func lacking<Capability>(_ target: any ContainerTarget, _ capability: Capability.Type, _ missing: MissingCapability) -> FeatureResult {
        var name = String(describing: capability)
        if name.hasPrefix("any ") { name.removeFirst("any ".count) }
        return FeatureResult(feature: feature, target: target.name, outcome: missing.outcome,
                             evidence: "\(target.name) \(missing.lacks) (it does not implement \(name))", detail: missing.detail)
    }
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
        CheckpointRow(),
        PersistentRootRow(),
        SnapshotCloneRow(),
        UnprivilegedRootRow(),
        SystemdRow(),
        LayeredImageRow(),
        ImageElsewhereRow(),
        PublishedPortRow(),
        RootlessStartRow(),
    ]

    public static var keys: [String] { all.map(\.key) }

    public static func named(_ key: String) -> (any TargetFeatureRow)? { all.first { $0.key == key } }
}
