/// Moves a checkpoint's image directory from the source to the destination. The seam between
/// migration and the hosts: on one host a local copy; between lab hosts a TCP stream over the
/// underlay (never a path both hosts share, which would hide the cost of moving the bytes).
public protocol ImageTransfer: Sendable {
    /// Copies every file of `sourceDirectory` into `destinationDirectory` (made, and empty)
    /// and returns the bytes moved.
    func transfer(from sourceDirectory: String, to destinationDirectory: String) throws(CheckpointError) -> UInt64
}
