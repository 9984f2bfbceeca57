/// A target that can put two long-lived containers where a network measurement wants them
/// (`NetworkPlacement`), with a network of its own making, and tell where they are. The
/// measurement enters each container's network namespace; the target only places.
public protocol NetworkPlacingTarget: ContainerTarget {
    /// Whether the target can place a pair this way; may run the target's tools for the
    /// evidence of a refusal.
    func networkSupport(_ placement: NetworkPlacement) -> NetworkSupport
    /// Places the pair; on a failure what was made so far is removed before the error.
    /// `scratch` is a working directory (Docker builds its image there).
    func placePair(_ request: NetworkPairRequest, scratch: String) throws -> NetworkPair
}
