/// A target that can put two long-lived containers where a network measurement wants them
/// (`NetworkPlacement`), on a network of its own making or one wired for it as its users wire
/// one, and tell where they are. The measurement enters each container's network namespace;
/// the target only places.
public protocol NetworkPlacingTarget: ContainerTarget {
    /// Whether the networks are the target's own (false for an OCI runtime: its containers
    /// join a namespace wired by hand, and the runtime makes no network of its own).
    var makesNetworksOfItsOwn: Bool { get }
    /// Whether the target can place a pair this way; may run the target's tools for the
    /// evidence of a refusal.
    func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport
    /// Places the pair; on a failure what was made so far is removed before the error.
    /// `scratch` is a working directory (Docker builds its image there).
    func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair
}

extension NetworkPlacingTarget {
    public var makesNetworksOfItsOwn: Bool { true }
}
