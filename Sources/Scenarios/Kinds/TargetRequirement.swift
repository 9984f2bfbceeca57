import Targets

/// What a target needs to take part in a scenario: operations it declares, a capability
/// protocol it conforms to (`CheckpointingTarget`, `ImageUnpackingTarget`...), and whether
/// that capability works on this host. A target that falls short is skipped for the
/// scenario with the reason, never an error.
public struct TargetRequirement: Sendable {
    /// In words, for notes: `operation run`, `image unpacking`.
    public var summary: String
    private let declared: @Sendable (any ContainerTarget) -> Bool
    private let support: @Sendable (any ContainerTarget) -> String?

    /// `declared` answers from the target's type alone (no I/O); `support` may look at the
    /// host and gives the reason when the capability does not work here.
    public init(_ summary: String, declared: @escaping @Sendable (any ContainerTarget) -> Bool,
                support: @escaping @Sendable (any ContainerTarget) -> String? = { _ in nil }) {
        self.summary = summary
        self.declared = declared
        self.support = support
    }

    /// Whether the target's type has the capability; a scenario without `targets:` runs on
    /// every target that does.
    public func isDeclared(by target: any ContainerTarget) -> Bool {
        declared(target)
    }

    /// Nil when the target can take part; else why not.
    public func unmetReason(_ target: any ContainerTarget) -> String? {
        guard declared(target) else { return "it lacks \(summary)" }
        return support(target)
    }

    /// Every target that runs containers with these operations.
    public static func operations(_ needed: Set<TargetOperation>) -> TargetRequirement {
        let names = needed.map(\.rawValue).sorted().joined(separator: ", ")
        return TargetRequirement("operations \(names)", declared: { needed.isSubset(of: $0.operations) })
    }

    /// Targets conforming to a capability protocol, e.g.
    /// `.capability((any CheckpointingTarget).self, "checkpoint/restore") { ($0 as? any CheckpointingTarget)?.checkpointSupport().reason }`.
    public static func capability<Capability>(_ type: Capability.Type, _ summary: String,
                                              support: @escaping @Sendable (any ContainerTarget) -> String? = { _ in nil }) -> TargetRequirement {
        TargetRequirement(summary, declared: { $0 is Capability }, support: support)
    }

    /// Targets that boot, attach to and halt whole system containers (cbench-system, LXC).
    public static let systemContainers = capability((any SystemStyleTarget).self, "system containers (SystemStyleTarget)")

    /// Met when either is met; the summary names both.
    public func or(_ other: TargetRequirement) -> TargetRequirement {
        TargetRequirement("\(summary) or \(other.summary)", declared: { isDeclared(by: $0) || other.isDeclared(by: $0) },
                          support: { target in
                              guard let reason = unmetReason(target) else { return nil }
                              return other.unmetReason(target) == nil ? nil : reason
                          })
    }
}
