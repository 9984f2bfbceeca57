/// What a target can do with a container. Scenarios ask for operations; a target that lacks
/// one is skipped for that scenario, with the missing operation as the reason.
public enum TargetOperation: String, Sendable, Hashable, CaseIterable, Codable {
    case create, start, exec, stop, delete
    /// Create, start, wait for exit and delete as one step (a short-lived workload).
    case run
    case checkpoint, restore
    case imageImport = "image-import"
    /// Unpack an OCI image layout into a store or bundle (`ImageUnpackingTarget`).
    case imageUnpack = "image-unpack"
}
